import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, repoRoot } from '@newsgraph/devstack';

/**
 * A Kafka broker and a Postgres cluster of the fault suite's own, so it can kill
 * and restart them without touching the shared ones other tests use.
 */
export interface PrivateStack {
  brokers: string;
  databaseBase: string;
  restartKafka(): void;
  restartPostgres(): void;
  stop(): void;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error(`no initdb under ${root}`);
  return join(root, version, 'bin');
}

export async function startPrivateStack(): Promise<PrivateStack> {
  const local = join(repoRoot(), '.local');
  const kafkaDir = join(local, 'kafka-faults');
  const kafkaEnv = {
    KAFKA_DIR: kafkaDir,
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_HEAP: '384m',
  };
  const kafkaScript = join(repoRoot(), 'tools/kafka/kafka.sh');
  // A fresh broker each run: no topics or groups left from a previous one.
  run('bash', [kafkaScript, 'reset'], kafkaEnv);
  run('bash', [kafkaScript, 'start'], kafkaEnv);

  // initdb refuses to run as root; the cluster then belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  const pgDir = join(local, 'pg-faults');
  const pgPort = String(await freePort());
  const bin = postgresBin();
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args])
      : run(join(bin, tool), args);
  if (existsSync(join(pgDir, 'postmaster.pid'))) {
    try {
      pg('pg_ctl', ['-D', pgDir, '-m', 'immediate', 'stop']);
    } catch {
      // a stale pid file of a cluster that is gone already
    }
  }
  rmSync(pgDir, { recursive: true, force: true });
  mkdirSync(pgDir, { recursive: true });
  if (asRoot) {
    const uid = Number(run('id', ['-u', 'postgres']).trim());
    const gid = Number(run('id', ['-g', 'postgres']).trim());
    chownSync(pgDir, uid, gid);
  }
  pg('initdb', ['-D', pgDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // Durability is not what is under test here; speed on a small machine is.
  const options = `-p ${pgPort} -c listen_addresses=127.0.0.1 -k ${pgDir} -c fsync=off -c max_connections=200`;
  pg('pg_ctl', ['-D', pgDir, '-o', options, '-l', join(pgDir, 'server.log'), '-w', 'start']);

  return {
    brokers: `127.0.0.1:${kafkaEnv.KAFKA_PORT}`,
    databaseBase: `postgresql://postgres@127.0.0.1:${pgPort}/postgres`,
    restartKafka: () => run('bash', [kafkaScript, 'restart'], kafkaEnv),
    // -l again: without it the server would keep this pipe open and the call would hang.
    restartPostgres: () =>
      pg('pg_ctl', ['-D', pgDir, '-l', join(pgDir, 'server.log'), '-m', 'fast', '-w', 'restart']),
    stop() {
      const errors: string[] = [];
      try {
        run('bash', [kafkaScript, 'stop'], kafkaEnv);
      } catch (error) {
        errors.push(String(error));
      }
      try {
        pg('pg_ctl', ['-D', pgDir, '-m', 'fast', '-w', 'stop']);
      } catch (error) {
        errors.push(String(error));
      }
      if (errors.length) throw new Error(errors.join('\n'));
    },
  };
}
