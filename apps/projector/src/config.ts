import { databaseEnv, kafkaEnv, logEnv, port, positiveInt } from '@newsgraph/config';
import { z } from 'zod';

export const ProjectorConfig = z.object({
  ...kafkaEnv,
  ...databaseEnv,
  ...logEnv,
  PROJECTOR_PORT: port(4004),
  /**
   * Partitions written at the same time, each in its own transaction: Postgres
   * then uses more than one core. Writers lock shared rows (sources, entities,
   * stories) in key order, so they wait for each other but never deadlock.
   */
  PROJECTOR_CONCURRENCY: positiveInt(2),
});
export type ProjectorConfig = z.infer<typeof ProjectorConfig>;
