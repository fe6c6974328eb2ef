import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { groupId, PipelineStages, topicName } from '@newsgraph/contracts';
import { createKafka, ensureTopics, waitForNoLag } from '@newsgraph/kafka';
import { createMigration, ensureDatabase, migrateDatabase, waitForPostgres } from '@newsgraph/db';
import {
  localKafka,
  PORT_VARIABLE,
  startLocalKafkaIfNeeded,
  repoRoot,
  SERVICES,
  startService,
  waitForKafka,
  type RunningService,
} from '@newsgraph/devstack';

/**
 * The local stack without Docker: the real Kafka broker (from Maven Central, run
 * by tools/kafka/kafka.sh) and the local Postgres, then the five services.
 *   up             start Kafka if needed, create topics, create + migrate the database
 *   down           stop the Kafka broker this project started
 *   migrate        apply prisma/migrations to DATABASE_URL
 *   topics         create the topics (under TOPIC_PREFIX) with their partitions
 *   new-migration  write prisma/migrations/<stamp>_<name> from the schema diff
 *   run [folder]   up, start the five services, import the folder (default: the
 *                  sample feed), print the GraphQL URL; Ctrl-C stops everything
 */

const env = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/newsgraph',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  // An explicitly given cluster is used as it is; otherwise we run our own.
  embeddedKafka: process.env.KAFKA_BROKERS === undefined,
  topicPrefix: process.env.TOPIC_PREFIX ?? '',
};
const migrationsDir = () => join(repoRoot(), 'prisma', 'migrations');
const log = (msg: string) => process.stdout.write(`[stack] ${msg}\n`);

async function up(): Promise<void> {
  const started = Date.now();
  if (env.embeddedKafka) startLocalKafkaIfNeeded();
  const kafka = createKafka({ brokers: env.brokers, clientId: 'newsgraph-stack' });
  await waitForKafka(kafka);
  const created = await ensureTopics(kafka, env.topicPrefix);
  log(
    `Kafka ${env.brokers.join(',')} ready; topics created: ${created.length ? created.join(', ') : 'none (all present)'}`,
  );
  await waitForPostgres(env.databaseUrl);
  if (await ensureDatabase(env.databaseUrl)) log('database created');
  const applied = await migrateDatabase(env.databaseUrl, migrationsDir());
  log(
    `Postgres ready; migrations applied: ${applied.length ? applied.join(', ') : 'none (up to date)'}`,
  );
  log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function runImport(folder: string, extraEnv: NodeJS.ProcessEnv): Promise<number | null> {
  const cli = join(repoRoot(), 'apps/ingester/dist/cli.js');
  const child = spawn(process.execPath, [cli, 'import', folder], {
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  return new Promise((resolve) => child.once('exit', resolve));
}

async function run(folder: string): Promise<void> {
  const started = Date.now();
  await up();
  const serviceEnv: NodeJS.ProcessEnv = {
    DATABASE_URL: env.databaseUrl,
    KAFKA_BROKERS: env.brokers.join(','),
    TOPIC_PREFIX: env.topicPrefix,
  };
  const running: RunningService[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping services…');
    await Promise.all(running.map((s) => s.stop()));
    if (env.embeddedKafka && process.env.NEWSGRAPH_KEEP_KAFKA !== '1') localKafka('stop');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    for (const name of SERVICES) running.push(await startService(name, serviceEnv));
  } catch (error) {
    log(`a service failed to start: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }
  for (const service of running) {
    void service.exited.then((code) => {
      if (!stopping) {
        log(`${service.name} exited unexpectedly (code ${code})`);
        void shutdown(1);
      }
    });
  }
  const code = await runImport(folder, serviceEnv);
  if (code !== 0) log(`import exited with code ${code}`);
  // Up means queryable: wait until every stage has processed what was imported.
  await waitForNoLag(
    createKafka({ brokers: env.brokers, clientId: 'newsgraph-stack' }),
    PipelineStages.map((s) => ({
      groupId: groupId(s.group, env.topicPrefix),
      topic: topicName(s.topic, env.topicPrefix),
    })),
    120_000,
  );
  const port = process.env[PORT_VARIABLE.api] ?? '4000';
  log(`system up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  log(`GraphQL: http://127.0.0.1:${port}/graphql   (Ctrl-C stops everything)`);
  log(`try: curl -s http://127.0.0.1:${port}/graphql -H 'content-type: application/json' \\`);
  log(
    `       -d '{"query":"{ articles(first: 5) { edges { node { title source { name } } } } }"}'`,
  );
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  switch (command) {
    case 'up':
      return up();
    case 'down':
      localKafka('stop');
      return;
    case 'migrate': {
      await waitForPostgres(env.databaseUrl);
      await ensureDatabase(env.databaseUrl);
      const applied = await migrateDatabase(env.databaseUrl, migrationsDir());
      log(`migrations applied: ${applied.length ? applied.join(', ') : 'none (up to date)'}`);
      return;
    }
    case 'topics': {
      const kafka = createKafka({ brokers: env.brokers, clientId: 'newsgraph-stack' });
      await waitForKafka(kafka);
      const created = await ensureTopics(kafka, env.topicPrefix);
      log(`topics created: ${created.length ? created.join(', ') : 'none (all present)'}`);
      return;
    }
    case 'new-migration': {
      if (!arg) throw new Error('usage: new-migration <name>');
      await ensureDatabase(env.databaseUrl);
      const folder = await createMigration(
        env.databaseUrl,
        join(repoRoot(), 'prisma', 'schema'),
        migrationsDir(),
        arg,
      );
      log(folder ? `wrote prisma/migrations/${folder}` : 'schema unchanged: no migration written');
      return;
    }
    case 'run':
      return run(arg ?? join(repoRoot(), 'data', 'sample-feed'));
    default:
      process.stderr.write(
        'usage: stack up|down|migrate|topics|new-migration <name>|run [folder]\n',
      );
      process.exit(64);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[stack] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
