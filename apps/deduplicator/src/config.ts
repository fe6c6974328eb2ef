import { databaseEnv, kafkaEnv, logEnv, port } from '@newsgraph/config';
import { z } from 'zod';

export const DeduplicatorConfig = z.object({
  ...kafkaEnv,
  ...databaseEnv,
  ...logEnv,
  DEDUPLICATOR_PORT: port(4002),
});
export type DeduplicatorConfig = z.infer<typeof DeduplicatorConfig>;
