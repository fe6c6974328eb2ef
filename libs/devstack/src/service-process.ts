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

export const DEFAULT_PORT: Record<ServiceName, number> = {
  ingester: 4001,
  deduplicator: 4002,
  'entity-linker': 4003,
  projector: 4004,
  api: 4000,
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
 * its output lines with its name, and resolves once its readiness endpoint
 * (`/health/ready` on the port given in `env`, else its default) answers 200.
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
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', output);
  const port =
    env[PORT_VARIABLE[name]] ?? process.env[PORT_VARIABLE[name]] ?? String(DEFAULT_PORT[name]);
  let ended = false;
  const ready = new Promise<void>((resolve, reject) => {
    void exited.then((code) => {
      ended = true;
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
    const probe = async () => {
      while (!ended) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
          if (res.ok) return resolve();
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    void probe();
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} not ready after ${timeoutMs} ms`)),
      timeoutMs,
    );
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
    ended = true;
    await stop('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { name, child, exited, stop };
}
