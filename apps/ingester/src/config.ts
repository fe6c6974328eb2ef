import { kafkaEnv, logEnv, port } from '@newsgraph/config';
import { z } from 'zod';

export const IngesterConfig = z.object({
  ...kafkaEnv,
  ...logEnv,
  INGESTER_PORT: port(4001),
});
export type IngesterConfig = z.infer<typeof IngesterConfig>;
