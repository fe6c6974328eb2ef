import { databaseEnv, kafkaEnv, logEnv, port } from '@newsgraph/config';
import { z } from 'zod';

export const ProjectorConfig = z.object({
  ...kafkaEnv,
  ...databaseEnv,
  ...logEnv,
  PROJECTOR_PORT: port(4004),
});
export type ProjectorConfig = z.infer<typeof ProjectorConfig>;
