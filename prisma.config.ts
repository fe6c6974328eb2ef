import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate, and `migrate deploy` for users who have the
// schema-engine binary). Our own migrator (tools/db/migrate.mjs) reads the same folder.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/newsgraph',
  },
});
