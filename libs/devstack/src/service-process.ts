import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { repoRoot } from './paths';

export const SERVICES = ['ingester', 'deduplicator', 'entity-linker', 'projector', 'api'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The HTTP port variable of each service (health endpoints; GraphQL for the api). */
export const PORT_VARIABLE: Record<ServiceName, string> = {
  ingester: 'INGESTER_PORT',
  deduplicator: 'DEDUPLICATOR_PORT',
  'entity-linker': 'ENTITY_LINKER_PORT',
  projector: 'PROJECTOR_PORT',
  api: 'API_PORT',
};

export interface RunningService {
  name: ServiceName;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/**
 * Starts a built service (`apps/<name>/dist/main.js`) as a real process, prefixes
 * its output lines with its name, and resolves once it logs that it is ready.
 */
export async function startService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number; output?: (line: string) => void } = {},
): Promise<RunningService> {
  const main = join(repoRoot(), 'apps', name, 'dist', 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = options.output ?? ((line: string) => process.stdout.write(`[${name}] ${line}\n`));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output(line);
        if (line.includes('ready on http')) resolve();
      });
    }
    void exited.then((code) => reject(new Error(`${name} exited with code ${code} before it was ready`)));
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms`)), timeoutMs);
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', stopTimeoutMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    const code = await exited;
    clearTimeout(killer);
    return code;
  };
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { name, child, exited, stop };
}
