import { databaseEnv, kafkaEnv, logEnv, port, positiveInt } from '@newsgraph/config';
import { DEDUP_DEFAULTS } from '@newsgraph/dedup';
import { z } from 'zod';

export const DeduplicatorConfig = z.object({
  ...kafkaEnv,
  ...databaseEnv,
  ...logEnv,
  DEDUPLICATOR_PORT: port(4002),
  /** Articles the near-duplicate index holds (memory is fixed by it: about 270 bytes each). */
  DEDUP_NEAR_CAPACITY: positiveInt(1 << 20),
  /** Articles the story clusterer keeps linkable. */
  DEDUP_STORY_WINDOW_ARTICLES: positiveInt(50_000),
  /** Story window and inactivity, in hours. */
  DEDUP_STORY_WINDOW_HOURS: positiveInt(7 * 24),
  DEDUP_STORY_INACTIVITY_HOURS: positiveInt(48),
  /** Re-cluster the story window every this many articles (moves are published then). */
  DEDUP_STORY_REFINE_EVERY: positiveInt(DEDUP_DEFAULTS.refineEvery),
  /** Snapshot the state after this many articles, or this many seconds after the first unsaved one. */
  DEDUP_SNAPSHOT_EVERY: positiveInt(10_000),
  DEDUP_SNAPSHOT_INTERVAL_SECONDS: positiveInt(30),
});
export type DeduplicatorConfig = z.infer<typeof DeduplicatorConfig>;
