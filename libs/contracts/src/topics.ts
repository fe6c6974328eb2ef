import { z } from 'zod';
import {
  ArticleId,
  DedupedArticleV1,
  EnrichedArticleV1,
  RawArticleV1,
  StoryMoveV1,
} from './article';
import { DeadLetterV1 } from './dead-letter';
import { defineTopic } from './topic';

/**
 * Every topic of the pipeline, defined once:
 *   ingester -> article.raw -> deduplicator -> article.deduped -> entity-linker
 *   -> article.enriched -> projector -> Postgres.
 * Article topics are keyed by article id, so all events of one article stay in
 * order on one partition, and more partitions mean more parallel instances.
 */
export const Topics = {
  articleRaw: defineTopic({
    name: 'newsgraph.article.raw',
    version: 1,
    partitions: 6,
    keyDescription: 'article id',
    key: ArticleId,
    value: RawArticleV1,
  }),
  /**
   * Every raw article again, in one total order (a single partition): the
   * deduplicator's verdicts and stories are a function of this order, so any
   * instance that takes the partition over (from a snapshot plus this log)
   * decides exactly as the previous one would have.
   */
  dedupSequence: defineTopic({
    name: 'newsgraph.dedup.sequence',
    version: 1,
    partitions: 1,
    keyDescription: 'article id',
    key: ArticleId,
    value: RawArticleV1,
  }),
  articleDeduped: defineTopic({
    name: 'newsgraph.article.deduped',
    version: 1,
    partitions: 6,
    keyDescription: 'article id',
    key: ArticleId,
    value: DedupedArticleV1,
  }),
  articleEnriched: defineTopic({
    name: 'newsgraph.article.enriched',
    version: 1,
    partitions: 6,
    keyDescription: 'article id',
    key: ArticleId,
    value: EnrichedArticleV1,
  }),
  /** Story moves (merges and splits) decided by re-clustering, applied by the projector. */
  storyMoves: defineTopic({
    name: 'newsgraph.story.moves',
    version: 1,
    partitions: 6,
    keyDescription: 'article id',
    key: ArticleId,
    value: StoryMoveV1,
  }),
  deadLetter: defineTopic({
    name: 'newsgraph.dead-letter',
    version: 1,
    partitions: 3,
    keyDescription: 'the failed message key, or "" when it had none',
    key: z.string().max(10_000),
    value: DeadLetterV1,
  }),
} as const;

export type TopicKey = keyof typeof Topics;
export const allTopics = Object.values(Topics);
