import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EnrichedArticle, StoryMove } from '@newsgraph/contracts';
import { PrismaService, PROJECTION_CHANNEL, projectionNotices } from '@newsgraph/db';
import { searchVector } from '@newsgraph/fulltext';
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

type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

/**
 * Prisma's default of 5 s would abort a large batch on a busy machine and turn a
 * slow database into lost work; a batch that cannot finish in a minute is retried.
 */
const TRANSACTION = { maxWait: 30_000, timeout: 60_000 };

/**
 * Writes enriched articles into the query model in one transaction per batch.
 * Every statement is an upsert keyed by the event's own ids, and mentions are
 * replaced per article, so applying an event twice leaves the same rows
 * (exactly-once effect over at-least-once delivery). Prisma has no bulk upsert:
 * these are `INSERT ... SELECT unnest(...) ON CONFLICT` statements.
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
    // Built here, not by Postgres: see libs/fulltext and libs/projection/README.md.
    const vectors = articles.map((a) => searchVector(a.title, a.body, a.language));
    const mentions = batch.map((e) => JSON.stringify(mentionList(e)));

    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO sources (id, name, url)
        SELECT * FROM unnest(${sources.map((s) => s.id)}::text[], ${sources.map((s) => s.name)}::text[],
                             ${sources.map((s) => s.url)}::text[])
        ON CONFLICT (id) DO NOTHING`;
      // Only rows that change are updated (and locked): a source or an entity is
      // named again by most batches, almost always the same way.
      await tx.$executeRaw`
        UPDATE sources s SET name = x.name, url = COALESCE(x.url, s.url)
        FROM unnest(${sources.map((s) => s.id)}::text[], ${sources.map((s) => s.name)}::text[],
                    ${sources.map((s) => s.url)}::text[]) AS x(id, name, url)
        WHERE s.id = x.id AND (s.name, COALESCE(x.url, s.url)) IS DISTINCT FROM (x.name, s.url)`;

      await upsertStories(tx, stories);
      // The (story, source) pairs these articles and their copies leave, if any.
      const leaving = await storyPairs(tx, ids);

      // The latest event wins, except the ingestion time, which stays the first
      // one seen: re-importing an item changes nothing, an updated item replaces
      // its text, and any order of replay ends in the same row.
      const written = await tx.$queryRaw<{ id: string; inserted: boolean }[]>`
        INSERT INTO articles (id, source_id, external_id, url, title, body, language, byline, content_hash,
                              published_at, ingested_at, occurred_at, duplicate_kind, duplicate_of_id, similarity, story_id,
                              story_revision, search, mentions)
        SELECT id, source_id, external_id, url, title, body, language, byline, content_hash, published_at, ingested_at,
               coalesce(published_at, ingested_at),
               kind::duplicate_kind, duplicate_of_id, similarity, story_id, story_revision, search::tsvector,
               mentions::jsonb
        FROM unnest(${ids}::text[], ${articles.map((a) => a.source.id)}::text[],
                    ${articles.map((a) => a.externalId)}::text[], ${articles.map((a) => a.url)}::text[],
                    ${articles.map((a) => a.title)}::text[], ${articles.map((a) => a.body)}::text[],
                    ${articles.map((a) => a.language)}::text[], ${articles.map((a) => a.byline)}::text[],
                    ${articles.map((a) => a.contentHash)}::text[],
                    ${articles.map((a) => a.publishedAt)}::timestamptz[], ${articles.map((a) => a.ingestedAt)}::timestamptz[],
                    ${batch.map((e) => e.verdict.kind)}::text[], ${batch.map((e) => e.verdict.duplicateOf)}::text[],
                    ${batch.map((e) => e.verdict.similarity)}::float8[], ${batch.map((e) => e.story.id)}::text[],
                    ${batch.map((e) => e.story.revision)}::int8[], ${vectors}::text[], ${mentions}::text[])
          AS x(id, source_id, external_id, url, title, body, language, byline, content_hash, published_at, ingested_at,
               kind, duplicate_of_id, similarity, story_id, story_revision, search, mentions)
        ON CONFLICT (id) DO UPDATE SET
          source_id = EXCLUDED.source_id,
          external_id = EXCLUDED.external_id,
          url = EXCLUDED.url,
          title = EXCLUDED.title,
          body = EXCLUDED.body,
          language = EXCLUDED.language,
          byline = EXCLUDED.byline,
          content_hash = EXCLUDED.content_hash,
          published_at = EXCLUDED.published_at,
          ingested_at = LEAST(articles.ingested_at, EXCLUDED.ingested_at),
          occurred_at = coalesce(EXCLUDED.published_at, LEAST(articles.ingested_at, EXCLUDED.ingested_at)),
          duplicate_kind = EXCLUDED.duplicate_kind,
          duplicate_of_id = EXCLUDED.duplicate_of_id,
          similarity = EXCLUDED.similarity,
          -- Story decisions are revised by story moves: the highest revision wins.
          story_id = CASE WHEN EXCLUDED.story_revision >= articles.story_revision
                          THEN EXCLUDED.story_id ELSE articles.story_id END,
          story_revision = GREATEST(articles.story_revision, EXCLUDED.story_revision),
          search = EXCLUDED.search,
          mentions = EXCLUDED.mentions
        RETURNING id, (xmax = 0) AS inserted`;

      if (entities.length > 0) {
        await tx.$executeRaw`
          INSERT INTO entities (id, qid, name, type)
          SELECT * FROM unnest(${entities.map((x) => x.id)}::text[], ${entities.map((x) => x.qid)}::text[],
                               ${entities.map((x) => x.name)}::text[], ${entities.map((x) => x.type)}::text[])
          ON CONFLICT (id) DO NOTHING`;
        await tx.$executeRaw`
          UPDATE entities e SET qid = x.qid, name = x.name, type = x.type
          FROM unnest(${entities.map((x) => x.id)}::text[], ${entities.map((x) => x.qid)}::text[],
                      ${entities.map((x) => x.name)}::text[], ${entities.map((x) => x.type)}::text[])
                 AS x(id, qid, name, type)
          WHERE e.id = x.id AND (e.qid, e.name, e.type) IS DISTINCT FROM (x.qid, x.name, x.type)`;
      }

      const replayed = written.filter((w) => !w.inserted).map((w) => w.id);
      if (replayed.length > 0) {
        await tx.$executeRaw`DELETE FROM article_entities WHERE article_id = ANY(${replayed}::text[])`;
      }
      if (links.length > 0) {
        await tx.$executeRaw`
          INSERT INTO article_entities (article_id, entity_id, mention_count, salience, occurred_at)
          SELECT x.article_id, x.entity_id, x.mention_count, x.salience, a.occurred_at
          FROM unnest(${links.map((l) => l.articleId)}::text[], ${links.map((l) => l.entityId)}::text[],
                      ${links.map((l) => l.count)}::int[], ${links.map((l) => l.salience)}::float8[])
                 AS x(article_id, entity_id, mention_count, salience)
          JOIN articles a ON a.id = x.article_id`;
      }
      if (aliases.length > 0) {
        await tx.$executeRaw`
          INSERT INTO entity_aliases (entity_id, alias)
          SELECT * FROM unnest(${aliases.map(([id]) => id)}::text[], ${aliases.map(([, alias]) => alias)}::text[])
          ON CONFLICT DO NOTHING`;
      }

      const { affected, pairs } = await settleStories(
        tx,
        ids,
        stories.map((st) => st.id),
      );
      await recountStories(tx, affected, [...leaving, ...pairs]);

      // Delivered on commit: subscribers hear only of rows they can read.
      const added = written.filter((w) => w.inserted).map((w) => w.id);
      for (const notice of projectionNotices(added, affected)) {
        await tx.$executeRaw`SELECT pg_notify(${PROJECTION_CHANNEL}, ${notice})`;
      }
    }, TRANSACTION);
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
    await this.prisma.$transaction(async (tx) => {
      await upsertStories(tx, targets);
      await tx.$executeRaw`
        INSERT INTO story_moves (article_id, story_id, revision)
        SELECT * FROM unnest(${ids}::text[], ${moves.map((m) => m.story.id)}::text[],
                             ${moves.map((m) => m.story.revision)}::int8[])
        ON CONFLICT (article_id) DO UPDATE SET story_id = EXCLUDED.story_id, revision = EXCLUDED.revision
        WHERE story_moves.revision < EXCLUDED.revision`;
      const { affected, pairs } = await settleStories(tx, ids, [
        ...targets.map((t) => t.id),
        ...moves.map((m) => m.previousStoryId),
      ]);
      await recountStories(tx, affected, pairs);
      for (const notice of projectionNotices([], affected)) {
        await tx.$executeRaw`SELECT pg_notify(${PROJECTION_CHANNEL}, ${notice})`;
      }
    }, TRANSACTION);
  }
}

/** New stories, and titles from the highest revision seen. */
async function upsertStories(
  tx: Tx,
  stories: { id: string; title: string; revision: number; at: string }[],
): Promise<void> {
  if (stories.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO stories (id, title, title_revision, first_seen_at, last_seen_at)
    SELECT * FROM unnest(${stories.map((s) => s.id)}::text[], ${stories.map((s) => s.title)}::text[],
                         ${stories.map((s) => s.revision)}::int8[],
                         ${stories.map((s) => s.at)}::timestamptz[], ${stories.map((s) => s.at)}::timestamptz[])
    ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, title_revision = EXCLUDED.title_revision
    WHERE stories.title_revision < EXCLUDED.title_revision`;
}

/** A story and a source with articles in it: the unit of recounting. */
type StoryPair = readonly [story: string, source: string];

/** The (story, source) pairs of the given articles and of their copies. */
async function storyPairs(tx: Tx, ids: string[]): Promise<StoryPair[]> {
  // Each branch on its own index. (Written as one OR with `story_id IS NOT NULL`,
  // the planner could pick the story_id index and walk every article with a story.)
  const rows = await tx.$queryRaw<{ story_id: string | null; source_id: string }[]>`
    SELECT story_id, source_id FROM articles WHERE id = ANY(${ids}::text[])
    UNION SELECT story_id, source_id FROM articles WHERE duplicate_of_id = ANY(${ids}::text[])`;
  return rows.flatMap((r) => (r.story_id === null ? [] : [[r.story_id, r.source_id] as const]));
}

/**
 * Brings the story of the given articles, and of their copies, to the newest
 * decision known: a recorded move newer than the article's own event, and a
 * canonical article's story for its copies. Returns every story touched, and the
 * (story, source) pairs the articles were in before and are in after.
 */
async function settleStories(
  tx: Tx,
  ids: string[],
  mentioned: string[],
): Promise<{ affected: string[]; pairs: StoryPair[] }> {
  const before = await storyPairs(tx, ids);
  await tx.$executeRaw`
    UPDATE articles a SET story_id = m.story_id, story_revision = m.revision
    FROM story_moves m
    WHERE a.id = ANY(${ids}::text[]) AND m.article_id = a.id AND m.revision > a.story_revision`;
  // Copies follow their canonical article: the ones just written, and those of it.
  // The copies are found on the primary key and the duplicate_of_id index first: an
  // OR across the two sides of the join made Postgres scan the whole table twice
  // (206 ms at 200,000 articles, in every transaction).
  await tx.$executeRaw`
    UPDATE articles c SET story_id = a.story_id, story_revision = a.story_revision
    FROM articles a
    WHERE c.duplicate_of_id = a.id AND a.story_revision > c.story_revision
      AND c.id IN (SELECT x.id FROM unnest(${ids}::text[]) AS x(id)
                   UNION ALL SELECT d.id FROM articles d WHERE d.duplicate_of_id = ANY(${ids}::text[]))`;
  const pairs = [...before, ...(await storyPairs(tx, ids))];
  return { affected: [...new Set([...pairs.map(([story]) => story), ...mentioned])], pairs };
}

/**
 * Counts and times recomputed from the stored articles, never incremented, so
 * replays cannot change them: per touched (story, source) pair into
 * story_sources, then each story's totals from its story_sources rows (a few per
 * source, where recounting the story read every one of its articles). A story
 * left without articles (merged away) is removed, unless a recorded move still
 * waits for its article.
 */
async function recountStories(tx: Tx, touched: string[], pairs: StoryPair[]): Promise<void> {
  const stories = [...new Set([...touched, ...pairs.map(([story]) => story)])].sort(compare);
  if (stories.length === 0) return;
  // Locked in id order first: an UPDATE ... FROM locks in whatever order its plan
  // reads, and two projectors recounting the same stories would deadlock. The
  // story's lock also guards its story_sources rows.
  await tx.$queryRaw`SELECT 1 FROM stories WHERE id = ANY(${stories}::text[])
                     ORDER BY id FOR UPDATE`;
  const unique = sortedUnique(pairs, ([story, source]) => `${story}\u0000${source}`);
  if (unique.length > 0) {
    await tx.$executeRaw`
      WITH counted AS (
        SELECT p.story_id, p.source_id, c.n, c.first_seen, c.last_seen
        FROM unnest(${unique.map(([story]) => story)}::text[], ${unique.map(([, source]) => source)}::text[])
          AS p(story_id, source_id)
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS n, min(a.ingested_at) AS first_seen, max(a.ingested_at) AS last_seen
          FROM articles a WHERE a.story_id = p.story_id AND a.source_id = p.source_id) c),
      emptied AS (
        DELETE FROM story_sources s USING counted c
        WHERE s.story_id = c.story_id AND s.source_id = c.source_id AND c.n = 0)
      INSERT INTO story_sources (story_id, source_id, article_count, first_seen_at, last_seen_at)
      SELECT story_id, source_id, n, first_seen, last_seen FROM counted WHERE n > 0
      ON CONFLICT (story_id, source_id) DO UPDATE SET article_count = EXCLUDED.article_count,
        first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at`;
  }
  await tx.$executeRaw`
    UPDATE stories s SET article_count = c.articles, source_count = c.sources,
                         first_seen_at = c.first_seen, last_seen_at = c.last_seen
    FROM (SELECT story_id, sum(article_count)::int AS articles, count(*)::int AS sources,
                 min(first_seen_at) AS first_seen, max(last_seen_at) AS last_seen
          FROM story_sources WHERE story_id = ANY(${stories}::text[]) GROUP BY story_id) c
    WHERE s.id = c.story_id`;
  await tx.$executeRaw`
    DELETE FROM stories s
    WHERE s.id = ANY(${stories}::text[])
      AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM story_moves m WHERE m.story_id = s.id
                        AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id))`;
}
