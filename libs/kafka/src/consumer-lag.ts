import { partitionLags } from '@newsgraph/observability';
import type { Kafka } from 'kafkajs';

/**
 * Total messages not yet committed by `groupId` on `topic`: high watermark minus
 * committed offset, summed over partitions (a partition never committed counts
 * from its low watermark).
 */
export async function consumerLagOf(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return partitionLags(ends, committed?.partitions ?? []).reduce((sum, p) => sum + p.lag, 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every (group, topic) pair has no lag. Pairs are checked in the
 * order given, which should be pipeline order: a stage produces downstream before
 * it commits, so once an upstream stage shows no lag, what it produced is already
 * visible to the check of the next stage.
 */
export async function waitForNoLag(
  kafka: Kafka,
  pairs: { groupId: string; topic: string }[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lags: number[] = [];
    for (const p of pairs) lags.push(await consumerLagOf(kafka, p.groupId, p.topic));
    if (lags.every((l) => l === 0)) return;
    if (Date.now() > deadline) {
      const detail = pairs.map((p, i) => `${p.groupId}@${p.topic}: ${lags[i]}`).join(', ');
      throw new Error(`consumers still lagging after ${timeoutMs} ms: ${detail}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
