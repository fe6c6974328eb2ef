import { databaseEnv, logEnv, port } from '@newsgraph/config';
import { z } from 'zod';

export const ApiConfig = z.object({
  ...databaseEnv,
  ...logEnv,
  API_PORT: port(4000),
  API_HOST: z.string().default('127.0.0.1'),
});
export type ApiConfig = z.infer<typeof ApiConfig>;
