import { databaseEnv, kafkaEnv, logEnv, port, positiveInt } from '@newsgraph/config';
import { z } from 'zod';

export const ProjectorConfig = z.object({
  ...kafkaEnv,
  ...databaseEnv,
  ...logEnv,
  PROJECTOR_PORT: port(4004),
  /**
   * Partitions consumed at the same time (default 6, the topics' partition count).
   * Their batches are merged into one transaction at a time (CoalescingWriter):
   * a transaction's cost is mostly fixed, and side-by-side transactions waited on
   * each other's locks on the same stories and entities.
   */
  PROJECTOR_CONCURRENCY: positiveInt(6),
});
export type ProjectorConfig = z.infer<typeof ProjectorConfig>;
