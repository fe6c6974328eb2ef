import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { allTopics } from '@newsgraph/contracts';
import { repoRoot, startLocalKafkaIfNeeded, waitForKafka } from '@newsgraph/devstack';
import { createKafka, ensureTopics } from '@newsgraph/kafka';
import { testState, type TestState } from './state';

/**
 * Starts what the integration and end-to-end tests need, once per run:
 *  - Kafka: KAFKA_BROKERS if given; else testcontainers when a Docker engine
 *    answers; else the project's own local broker (tools/kafka/kafka.sh);
 *  - Postgres: a fresh database for this run on TEST_DATABASE_URL (default: the
 *    local server), migrated once;
 *  - a topic prefix of this run, so runs never see each other's messages.
 * Addresses are exported through the environment, which the test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const state: TestState = { startedLocalKafka: false, containers: [], databaseUrl: '' };

  let brokers = process.env.KAFKA_BROKERS;
  let postgresBase = process.env.TEST_DATABASE_URL;
  if (!brokers && (await dockerAvailable())) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    state.containers.push(kafka);
    brokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    if (!postgresBase) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const pg = await new PostgreSqlContainer('postgres:16-alpine').start();
      state.containers.push(pg);
      postgresBase = pg.getConnectionUri();
    }
  }
  if (!brokers) {
    state.startedLocalKafka = startLocalKafkaIfNeeded();
    brokers = '127.0.0.1:9092';
  }
  await waitForKafka(
    createKafka({ brokers: brokers.split(','), clientId: 'newsgraph-test-setup' }),
  );

  const base = new URL(postgresBase ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/newsgraph_test_${runId}`;
  state.databaseUrl = base.toString();

  // The migrator loads Prisma's WebAssembly engine, so it runs as the built CLI.
  execFileSync(process.execPath, [join(repoRoot(), 'tools/stack/dist/main.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: state.databaseUrl, NODE_NO_WARNINGS: '1' },
    stdio: 'inherit',
  });

  const prefix = `test-${runId}.`;
  await ensureTopics(
    createKafka({ brokers: brokers.split(','), clientId: 'newsgraph-test-setup' }),
    prefix,
    allTopics,
  );

  process.env.KAFKA_BROKERS = brokers;
  process.env.DATABASE_URL = state.databaseUrl;
  process.env.TOPIC_PREFIX = prefix;
  process.env.NEWSGRAPH_TEST_RUN = runId;
  testState.set(state);
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
