import {
  commaList,
  flag,
  databaseEnv,
  kafkaEnv,
  logEnv,
  port,
  positiveInt,
} from '@newsgraph/config';
import { parseApiKeys } from '@newsgraph/ingest';
import { z } from 'zod';

/** What `cli.ts import` needs: it only publishes. */
export const IngesterImportConfig = z.object({
  ...kafkaEnv,
  ...logEnv,
  /** Where interrupted imports keep their place; default `.local/import-state` here. */
  IMPORT_STATE_DIR: z.string().min(1).optional(),
});
export type IngesterImportConfig = z.infer<typeof IngesterImportConfig>;

export const IngesterConfig = z.object({
  ...kafkaEnv,
  ...logEnv,
  ...databaseEnv,
  INGESTER_PORT: port(4001),
  /** 0.0.0.0 to accept pushes from other hosts (e.g. in a container). */
  INGESTER_HOST: z.string().default('127.0.0.1'),
  /** `false` runs the push API only (e.g. a second instance behind a load balancer). */
  FEEDS_POLL_ENABLED: flag(true),
  /** Bounds of the adaptive poll interval, and the interval while a feed's rate is unknown. */
  FEEDS_MIN_INTERVAL_SECONDS: positiveInt(300),
  FEEDS_MAX_INTERVAL_SECONDS: positiveInt(6 * 3600),
  FEEDS_DEFAULT_INTERVAL_SECONDS: positiveInt(1800),
  /** First retry after a failed poll (doubles per failure) and the longest wait. */
  FEEDS_BACKOFF_BASE_SECONDS: positiveInt(60),
  FEEDS_MAX_BACKOFF_SECONDS: positiveInt(12 * 3600),
  FEEDS_CONCURRENCY: positiveInt(8),
  FEEDS_PER_HOST_CONCURRENCY: positiveInt(2),
  /** How often the registry is checked for due feeds. */
  FEEDS_TICK_MS: positiveInt(1000),
  FEEDS_FETCH_TIMEOUT_SECONDS: positiveInt(30),
  FEEDS_MAX_BYTES: positiveInt(10 * 1024 * 1024),
  FEEDS_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  /**
   * Non-public hosts, IPs or CIDRs the fetcher may reach anyway (comma-separated,
   * e.g. `127.0.0.1,::1` for tests). Empty: only public addresses.
   */
  FEEDS_ALLOW_PRIVATE_HOSTS: commaList(),
  /**
   * Fetch each new item's page and publish its extracted main text, title, date,
   * language and canonical URL; `false` publishes the feed's own text only. A page
   * that fails (HTTP error, timeout, refused address, too large) costs the item
   * its page, never the feed: the item is published from the feed's text.
   */
  FEEDS_FETCH_PAGES: flag(true),
  /** Item pages fetched at once in all, and from one host. */
  FEEDS_PAGE_CONCURRENCY: positiveInt(8),
  FEEDS_PAGE_PER_HOST_CONCURRENCY: positiveInt(2),
  FEEDS_PAGE_TIMEOUT_SECONDS: positiveInt(15),
  FEEDS_PAGE_MAX_BYTES: positiveInt(5 * 1024 * 1024),
  /**
   * Push API keys, comma-separated `owner:key` (a bare key's owner is `push`).
   * Empty: the push API answers 503.
   */
  INGEST_API_KEYS: z
    .string()
    .default('')
    .transform(parseApiKeys)
    .refine((keys) => keys.every((k) => k.key.length >= 16), {
      message: 'every key must be at least 16 characters',
    })
    .refine((keys) => keys.every((k) => /^[A-Za-z0-9._-]{1,40}$/.test(k.owner)), {
      message: 'owners may contain only letters, digits, ".", "_" and "-" (at most 40)',
    }),
  PUSH_MAX_ITEMS: positiveInt(100),
  PUSH_MAX_BODY_BYTES: positiveInt(10 * 1024 * 1024),
});
export type IngesterConfig = z.infer<typeof IngesterConfig>;
