import { dropDatabaseFamily } from '@newsgraph/db';
import { localKafka } from '@newsgraph/devstack';
import { createKafka } from '@newsgraph/kafka';
import { testState } from './state';

/** Removes this run's databases and topics and stops what the setup started. */
export default async function globalTeardown(): Promise<void> {
  const state = testState.get();
  if (!state) return;
  const keep = process.env.NEWSGRAPH_KEEP_TEST_DATA === '1';
  if (!keep) {
    // With the databases the e2e pipelines derived from it (`<name>_api`, ...).
    await dropDatabaseFamily(state.databaseUrl).catch((e: unknown) =>
      console.warn(`could not drop test databases: ${String(e)}`),
    );
    const prefix = process.env.TOPIC_PREFIX;
    if (prefix) {
      const admin = createKafka({
        brokers: process.env.KAFKA_BROKERS!.split(','),
        clientId: 'newsgraph-test-teardown',
      }).admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      if (topics.length) await admin.deleteTopics({ topics });
      await admin.disconnect();
    }
  }
  if (state.startedLocalKafka) localKafka('stop');
  await Promise.all(state.containers.map((c) => c.stop()));
}
