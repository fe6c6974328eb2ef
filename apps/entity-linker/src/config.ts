import { join } from 'node:path';
import { databaseEnv, kafkaEnv, logEnv, port } from '@newsgraph/config';
import { z } from 'zod';

export const EntityLinkerConfig = z
  .object({
    ...kafkaEnv,
    ...logEnv,
    ENTITY_LINKER_PORT: port(4003),
    /**
     * Where the knowledge base comes from: `postgres` (the KB tables, filled by
     * `linking db-import`; start-up fails when they hold none), `file` (KB_PATH),
     * or `auto`: Postgres when DATABASE_URL is set and its tables hold a
     * knowledge base, else KB_PATH.
     */
    KB_SOURCE: z.enum(['auto', 'postgres', 'file']).default('auto'),
    /** Knowledge-base file (JSON records, a Wikidata dump, a prebuilt index); defaults to the small fixture shipped with the linker. */
    KB_PATH: z.string().min(1).default(join(__dirname, '../../../libs/linking/kb/fixture-kb.json')),
    DATABASE_URL: databaseEnv.DATABASE_URL.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.KB_SOURCE === 'postgres' && !config.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required when KB_SOURCE=postgres',
      });
    }
  });
export type EntityLinkerConfig = z.infer<typeof EntityLinkerConfig>;
