import { groupId, PipelineStages, topicName } from '@newsgraph/contracts';
import type { TestPipeline } from '@newsgraph/devstack';
import { createKafka, waitForNoLag } from '@newsgraph/kafka';

export const kafkaOf = (p: TestPipeline) =>
  createKafka({ brokers: p.env.KAFKA_BROKERS!.split(','), clientId: 'e2e' });

/** Imports a folder and waits until every stage has processed it. */
export async function importAndSettle(p: TestPipeline, folder: string): Promise<string> {
  const stdout = await p.importFolder(folder);
  await settle(p);
  return stdout;
}

export async function settle(p: TestPipeline): Promise<void> {
  const prefix = p.env.TOPIC_PREFIX!;
  await waitForNoLag(
    kafkaOf(p),
    PipelineStages.map((s) => ({
      groupId: groupId(s.group, prefix),
      topic: topicName(s.topic, prefix),
    })),
  );
}
