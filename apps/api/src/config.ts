import { commaList, flag, databaseEnv, logEnv, port, positiveInt } from '@newsgraph/config';
import { z } from 'zod';

const keyList = commaList().refine((keys) => keys.every((k) => k.length >= 16), {
  message: 'each key must be at least 16 characters',
});

export const ApiConfig = z.object({
  ...databaseEnv,
  ...logEnv,
  API_PORT: port(4000),
  API_HOST: z.string().default('127.0.0.1'),
  /** Comma-separated keys that may read (queries, subscriptions). */
  API_READ_KEYS: keyList,
  /** Comma-separated keys that may also change things (mutations). */
  API_ADMIN_KEYS: keyList,
  /** When true, queries need a key too; subscriptions and mutations always do. */
  API_REQUIRE_READ_KEY: flag(false),
  /** Requests per minute per key (anonymous callers: per address). */
  API_RATE_LIMIT_PER_MINUTE: positiveInt(600),
  API_MAX_DEPTH: positiveInt(12),
  API_MAX_COMPLEXITY: positiveInt(20_000),
  /**
   * A search ranks the newest this-many matches by relevance (older ones through a
   * time-range filter): ranking is most of its cost, 2,000 keeps it near 10 ms on
   * 1M articles (see README, Performance).
   */
  API_SEARCH_CANDIDATES: z.coerce.number().int().min(100).max(100_000).default(2_000),
  /** Serves the GraphQL IDE (GraphiQL, bundled by the build) at /ide and to browsers at /graphql. */
  API_IDE: flag(true),
  /** Adds `extensions.sqlQueries` to responses: the N+1 tests read it. */
  API_EXPOSE_QUERY_COUNT: flag(false),
});
export type ApiConfig = z.infer<typeof ApiConfig>;
