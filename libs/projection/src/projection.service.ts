import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EnrichedArticle, StoryMove } from '@newsgraph/contracts';
import {
  binaryArray,
  float8Array,
  int4Array,
  int8Array,
  PG_TYPE_OID,
  PrismaService,
  PROJECTION_CHANNEL,
  PROJECTION_NOTICE_BYTES as NOTICE_BYTES,
  textArray,
} from '@newsgraph/db';
import { searchVectorBinary } from '@newsgraph/fulltext';
import { CoalescingWriter } from './coalescing-writer';
import {
  compare,
  latestMovePerArticle,
  latestPerArticle,
  latestStoryRefs,
  mentionList,
  sortedUnique,
} from './rows';

/** How many article transactions a projector runs at once (CoalescingWriter). */
export const PROJECTION_WRITERS = Symbol('PROJECTION_WRITERS');

/**
 * Writes enriched articles into the query model, one transaction per batch.
 * Every statement is an upsert keyed by the event's own ids, and mentions are
 * replaced per article, so applying an event twice leaves the same rows
 * (exactly-once effect over at-least-once delivery). The statements are SQL
 * functions (`INSERT ... SELECT unnest(...) ON CONFLICT`: Prisma has no bulk
 * upsert), so a batch is one call: one round trip and one implicit transaction,
 * with plans cached per connection, where it was about twenty statements.
 */
@Injectable()
export class ProjectionService {
  /** Batches of partitions consumed at once, merged into transactions. */
  private readonly articles: CoalescingWriter<EnrichedArticle>;
  private readonly moves: CoalescingWriter<StoryMove>;

  constructor(
    private readonly prisma: PrismaService,
    @Optional() @Inject(PROJECTION_WRITERS) writers?: number,
  ) {
    this.articles = new CoalescingWriter((events) => this.apply(events), 2000, undefined, writers);
    this.moves = new CoalescingWriter((events) => this.applyMoves(events));
  }

  /** Applies a consumed batch of articles; resolves once it is committed. */
  submitArticles(events: EnrichedArticle[]): Promise<void> {
    return this.articles.submit(events);
  }

  /** Applies a consumed batch of story moves; resolves once it is committed. */
  submitMoves(events: StoryMove[]): Promise<void> {
    return this.moves.submit(events);
  }

  async apply(events: EnrichedArticle[]): Promise<void> {
    if (events.length === 0) return;
    // Every list is sorted by its key, so concurrent projectors (instances, or the
    // article and story-move consumers of one) lock shared rows in one order.
    const batch = latestPerArticle(events).sort((x, y) =>
      compare(x.article.articleId, y.article.articleId),
    );
    const articles = batch.map((e) => e.article);
    const sources = sortedUnique(
      articles.map((a) => a.source),
      (s) => s.id,
    );
    const stories = sortedUnique(
      latestStoryRefs(events.map((e) => ({ ...e.story, at: e.article.ingestedAt }))),
      (s) => s.id,
    );
    const entities = sortedUnique(
      batch.flatMap((e) => e.entities),
      (x) => x.id,
    );
    const links = batch.flatMap((e) =>
      e.entities.map((x) => ({
        articleId: e.article.articleId,
        entityId: x.id,
        count: x.mentions.length,
        salience: x.salience,
      })),
    );
    const aliases = sortedUnique(
      batch.flatMap((e) => e.entities.flatMap((x) => x.mentions.map((m) => [x.id, m.surface]))),
      ([id, surface]) => `${id}\u0000${surface}`,
    );
    const ids = articles.map((a) => a.articleId);
    // Built here, not by Postgres, and sent in binary, which Postgres need not
    // parse: see libs/fulltext and libs/projection/README.md.
    const vectors = binaryArray(
      PG_TYPE_OID.tsvector,
      articles.map((a) => searchVectorBinary(a.title, a.body, a.language)),
    );
    const mentions = batch.map((e) => JSON.stringify(mentionList(e)));

    // One call, one implicit transaction: the write path is a set of SQL
    // functions (prisma/migrations/20261122040000_projector_functions).
    await this.call('newsgraph_project_articles', [
      [PROJECTION_CHANNEL, 'text'],
      [NOTICE_BYTES, 'int'],
      [sources.map((s) => s.id), 'text[]'],
      [sources.map((s) => s.name), 'text[]'],
      [sources.map((s) => s.url), 'text[]'],
      [stories.map((s) => s.id), 'text[]'],
      [stories.map((s) => s.title), 'text[]'],
      [stories.map((s) => s.revision), 'int8[]'],
      [stories.map((s) => s.at), 'timestamptz[]'],
      [ids, 'text[]'],
      [articles.map((a) => a.source.id), 'text[]'],
      [articles.map((a) => a.externalId), 'text[]'],
      [articles.map((a) => a.url), 'text[]'],
      [articles.map((a) => a.title), 'text[]'],
      [articles.map((a) => a.body), 'text[]'],
      [articles.map((a) => a.language), 'text[]'],
      [articles.map((a) => a.byline), 'text[]'],
      [articles.map((a) => a.contentHash), 'text[]'],
      [articles.map((a) => a.publishedAt), 'timestamptz[]'],
      [articles.map((a) => a.ingestedAt), 'timestamptz[]'],
      [batch.map((e) => e.verdict.kind), 'text[]'],
      [batch.map((e) => e.verdict.duplicateOf), 'text[]'],
      [batch.map((e) => e.verdict.similarity), 'float8[]'],
      [batch.map((e) => e.story.id), 'text[]'],
      [batch.map((e) => e.story.revision), 'int8[]'],
      [vectors, 'tsvector[]'],
      [mentions, 'text[]'],
      [entities.map((x) => x.id), 'text[]'],
      [entities.map((x) => x.qid), 'text[]'],
      [entities.map((x) => x.name), 'text[]'],
      [entities.map((x) => x.type), 'text[]'],
      [links.map((l) => l.articleId), 'text[]'],
      [links.map((l) => l.entityId), 'text[]'],
      [links.map((l) => l.count), 'int[]'],
      [links.map((l) => l.salience), 'float8[]'],
      [aliases.map(([id]) => id), 'text[]'],
      [aliases.map(([, alias]) => alias), 'text[]'],
    ]);
  }

  /**
   * Applies story moves (merges and splits). Each is kept per article with its
   * revision, so a move that arrives before its article still takes effect when
   * the article comes, and an older decision never overrides a newer one.
   */
  async applyMoves(events: StoryMove[]): Promise<void> {
    if (events.length === 0) return;
    const moves = latestMovePerArticle(events).sort((x, y) => compare(x.articleId, y.articleId));
    const ids = moves.map((m) => m.articleId);
    const targets = sortedUnique(
      latestStoryRefs(events.map((m) => ({ ...m.story, at: m.at }))),
      (t) => t.id,
    );
    await this.call('newsgraph_apply_story_moves', [
      [PROJECTION_CHANNEL, 'text'],
      [NOTICE_BYTES, 'int'],
      [targets.map((t) => t.id), 'text[]'],
      [targets.map((t) => t.title), 'text[]'],
      [targets.map((t) => t.revision), 'int8[]'],
      [targets.map((t) => t.at), 'timestamptz[]'],
      [ids, 'text[]'],
      [moves.map((m) => m.story.id), 'text[]'],
      [moves.map((m) => m.story.revision), 'int8[]'],
      [moves.map((m) => m.previousStoryId), 'text[]'],
    ]);
  }

  /**
   * `SELECT fn($1::type, ...)` on node-postgres directly (`PrismaService.execute`):
   * Prisma's raw queries JSON-encode and decode these arrays of whole articles.
   * Arrays go in Postgres's binary format where there is an encoder for their
   * type (see libs/db binary-arrays); others, such as timestamps, as text.
   */
  private call(fn: string, args: [value: unknown, type: string][]): Promise<void> {
    const params = args.map(([, type], i) => `$${i + 1}::${type}`).join(', ');
    return this.prisma.execute(
      fn,
      `SELECT ${fn}(${params})`,
      args.map(([value, type]) => {
        const encode = BINARY_ARRAYS[type];
        return encode && Array.isArray(value) ? encode(value) : value;
      }),
    );
  }
}

/** Encoders for the array types the projector's functions take, by their cast. */
const BINARY_ARRAYS: Record<string, ((values: unknown[]) => Buffer) | undefined> = {
  'text[]': (values) => textArray(values as (string | null)[]),
  'int[]': (values) => int4Array(values as (number | null)[]),
  'int8[]': (values) => int8Array(values as (number | null)[]),
  'float8[]': (values) => float8Array(values as (number | null)[]),
};
