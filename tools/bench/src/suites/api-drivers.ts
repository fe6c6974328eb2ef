import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@newsgraph/devstack';
import { benchDatabase, loadMix } from './api';
import type { BenchSuite } from './index';

/**
 * The issue asks to choose Apollo or Mercurius by measurement: the api's query
 * resolvers served by each driver (see graphql-drivers.ts), the standard mix at
 * concurrency 16, alternating the drivers so drift on the machine hits both.
 */
export const apiDriversSuite: BenchSuite = async () => {
  const { url, n, dataset } = await benchDatabase();
  const rounds = Number(process.env.BENCH_API_DRIVER_ROUNDS ?? 2);
  const lines = [`dataset: ${n} articles (${dataset}); ${rounds} rounds, drivers alternating`];
  for (let round = 1; round <= rounds; round++) {
    for (const driver of ['apollo', 'mercurius'] as const) {
      const port = await freePort();
      const child = spawn(process.execPath, [join(__dirname, '../graphql-drivers.js')], {
        env: {
          ...process.env,
          BENCH_DRIVER: driver,
          BENCH_PORT: String(port),
          DATABASE_URL: url,
          NODE_ENV: 'production',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const lines$ = createInterface({ input: child.stdout! });
      const ready = new Promise<void>((resolve, reject) => {
        lines$.on('line', (line) => line === 'ready' && resolve());
        child.once('exit', (code) => reject(new Error(`${driver} server exited (${code})`)));
      });
      await ready;
      try {
        const result = await loadMix(`http://127.0.0.1:${port}/graphql`, child.pid);
        lines.push(`${driver} (round ${round}):`, ...result.map((l) => `  ${l}`));
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  }
  return lines;
};
