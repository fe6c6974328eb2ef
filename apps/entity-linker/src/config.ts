import { join } from 'node:path';
import { kafkaEnv, logEnv, port } from '@newsgraph/config';
import { z } from 'zod';

export const EntityLinkerConfig = z.object({
  ...kafkaEnv,
  ...logEnv,
  ENTITY_LINKER_PORT: port(4003),
  /** Knowledge base (JSON records); defaults to the small fixture shipped with the linker. */
  KB_PATH: z.string().min(1).default(join(__dirname, '../../../libs/linking/kb/fixture-kb.json')),
});
export type EntityLinkerConfig = z.infer<typeof EntityLinkerConfig>;
