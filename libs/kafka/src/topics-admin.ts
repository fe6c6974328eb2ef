import { allTopics, topicName, type TopicContract } from '@newsgraph/contracts';
import type { Kafka } from 'kafkajs';

/**
 * Creates the pipeline's topics with their partition counts; existing topics are
 * left as they are (and grown if the contract now asks for more partitions).
 */
export async function ensureTopics(
  kafka: Kafka,
  prefix: string,
  contracts: readonly TopicContract[] = allTopics,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = contracts.filter((c) => !existing.has(topicName(c, prefix)));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((c) => ({
          topic: topicName(c, prefix),
          numPartitions: c.partitions,
          replicationFactor: -1,
          configEntries: [{ name: 'cleanup.policy', value: c.cleanupPolicy }],
        })),
      });
    }
    const present = contracts.filter((c) => existing.has(topicName(c, prefix)));
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({
        topics: present.map((c) => topicName(c, prefix)),
      });
      const grow = present.flatMap((c) => {
        const found = meta.topics.find((t) => t.name === topicName(c, prefix));
        return found && found.partitions.length < c.partitions
          ? [{ topic: found.name, count: c.partitions }]
          : [];
      });
      if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
    }
    return missing.map((c) => topicName(c, prefix));
  } finally {
    await admin.disconnect();
  }
}
