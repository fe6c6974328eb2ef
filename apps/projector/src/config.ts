import { databaseEnv, kafkaEnv, logEnv, port, positiveInt } from '@newsgraph/config';
import { z } from 'zod';

export const ProjectorConfig = z.object({
  ...kafkaEnv,
  ...databaseEnv,
  ...logEnv,
  PROJECTOR_PORT: port(4004),
  /**
   * Partitions consumed at the same time (default 6, the topics' partition count).
   * Their batches are merged into transactions (CoalescingWriter): a transaction's
   * cost is mostly fixed, and six side-by-side transactions waited on each other's
   * locks on the same stories and entities.
   */
  PROJECTOR_CONCURRENCY: positiveInt(6),
  /**
   * Article transactions at once (default 2): with one, Postgres worked on one core
   * while the projector waited for it (`npm run bench:pipeline`).
   */
  PROJECTOR_WRITERS: positiveInt(2),
});
export type ProjectorConfig = z.infer<typeof ProjectorConfig>;
