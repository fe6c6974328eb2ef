import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { EnrichedArticle, StoryMove } from '@newsgraph/contracts';
import { Client } from 'pg';
import {
  dropDatabase,
  parseProjectionNotice,
  PrismaService,
  PROJECTION_CHANNEL,
  sqlQueryCounter,
} from '@newsgraph/db';
import { repoRoot, tableChecksums } from '@newsgraph/devstack';
import { searchQuery, searchVector } from '@newsgraph/fulltext';
import { ProjectionService } from './projection.service';

const id = (n: number) => n.toString(16).padStart(32, '0');

function enriched(
  n: number,
  story: string,
  revision: number,
  duplicateOf?: number,
): EnrichedArticle {
  const body = `Body of article ${n}, long enough to be an article about event ${story}.`;
  return {
    schemaVersion: 1,
    article: {
      schemaVersion: 1,
      articleId: id(n),
      source: { id: `src${n % 3}`, name: `Source ${n % 3}`, url: null },
      externalId: `item-${n}`,
      url: null,
      title: `Article ${n}`,
      body,
      language: 'en',
      publishedAt: null,
      ingestedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
      contentHash: n.toString(16).padStart(64, '0'),
      byline: null,
    },
    verdict:
      duplicateOf === undefined
        ? { kind: 'unique', duplicateOf: null, similarity: 0 }
        : { kind: 'exact', duplicateOf: id(duplicateOf), similarity: 1 },
    story: { id: story, title: `Story ${story} at ${revision}`, revision },
    entities: [],
  };
}

function move(n: number, from: string, to: string, revision: number): StoryMove {
  return {
    schemaVersion: 1,
    articleId: id(n),
    kind: 'merge',
    previousStoryId: from,
    story: { id: to, title: `Story ${to} at ${revision}`, revision },
    at: new Date(Date.UTC(2026, 0, 1, 1)).toISOString(),
  };
}

/**
 * A stream of decisions as the deduplicator makes them: articles 1-4 open two
 * stories, 5 copies 2; at revision 10 re-clustering merges story s-3 into s-1
 * (articles 3 and 4 move), and a later copy of 4 joins s-1 directly.
 */
const articles = [
  enriched(1, 's-1', 1),
  enriched(2, 's-1', 2),
  enriched(3, 's-3', 3),
  enriched(4, 's-3', 4),
  enriched(5, 's-1', 2, 2),
  enriched(6, 's-3', 4, 4), // a copy of 4 decided before the merge: must follow 4
  enriched(7, 's-1', 12, 4),
];
const moves = [move(3, 's-3', 's-1', 10), move(4, 's-3', 's-1', 10)];

/** Story counts, and story_sources, equal a fresh count of the stored articles. */
async function expectCountsFromArticles(prisma: PrismaService): Promise<void> {
  const [kept, fresh] = await Promise.all([
    prisma.$queryRaw`SELECT story_id, source_id, article_count, first_seen_at, last_seen_at
                     FROM story_sources ORDER BY 1, 2`,
    prisma.$queryRaw`SELECT story_id, source_id, count(*)::int AS article_count,
                            min(ingested_at) AS first_seen_at, max(ingested_at) AS last_seen_at
                     FROM articles WHERE story_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  ]);
  expect(kept).toEqual(fresh);
  const [stories, counted] = await Promise.all([
    prisma.$queryRaw`SELECT id, article_count, source_count, first_seen_at, last_seen_at
                     FROM stories ORDER BY id`,
    prisma.$queryRaw`SELECT story_id AS id, count(*)::int AS article_count,
                            count(DISTINCT source_id)::int AS source_count,
                            min(ingested_at) AS first_seen_at, max(ingested_at) AS last_seen_at
                     FROM articles WHERE story_id IS NOT NULL GROUP BY 1 ORDER BY 1`,
  ]);
  expect(stories).toEqual(counted);
}

describe('projection of story decisions', () => {
  const base = new URL(process.env.DATABASE_URL!);
  const databases: string[] = [];
  afterAll(async () => {
    for (const url of databases) await dropDatabase(url);
  });
  const fresh = async (name: string, countQueries = false) => {
    const url = new URL(base);
    url.pathname = `${base.pathname}_proj_${name}`;
    execFileSync(process.execPath, [join(repoRoot(), 'tools/stack/dist/main.js'), 'migrate'], {
      env: { ...process.env, DATABASE_URL: url.toString(), NODE_NO_WARNINGS: '1' },
      stdio: 'ignore',
    });
    databases.push(url.toString());
    const prisma = new PrismaService(url.toString(), { poolSize: 2, countQueries });
    await prisma.$connect();
    return { url: url.toString(), prisma, projection: new ProjectionService(prisma) };
  };

  it('ends in the same rows whichever topic arrives first, and however often', async () => {
    const movesFirst = await fresh('moves_first');
    await movesFirst.projection.applyMoves(moves);
    await movesFirst.projection.apply(articles.slice(0, 4));
    await movesFirst.projection.apply(articles.slice(4));

    const articlesFirst = await fresh('articles_first');
    await articlesFirst.projection.apply(articles.slice(0, 5));
    await articlesFirst.projection.applyMoves(moves);
    await articlesFirst.projection.apply(articles.slice(5));
    // At-least-once: everything again, old decisions after new ones.
    await articlesFirst.projection.apply(articles);
    await articlesFirst.projection.applyMoves(moves);

    const rows = await articlesFirst.prisma.$queryRaw<{ id: string; story_id: string }[]>`
      SELECT id, story_id FROM articles ORDER BY id`;
    expect(rows.map((r) => r.story_id)).toEqual(Array(7).fill('s-1'));
    const stories = await articlesFirst.prisma.$queryRaw<
      { id: string; title: string; article_count: number; source_count: number }[]
    >`SELECT id, title, article_count, source_count FROM stories`;
    // s-3 was merged away; s-1 is titled by its newest decision.
    expect(stories).toEqual([
      { id: 's-1', title: 'Story s-1 at 12', article_count: 7, source_count: 3 },
    ]);
    expect(await tableChecksums(articlesFirst.url)).toEqual(await tableChecksums(movesFirst.url));
    await expectCountsFromArticles(articlesFirst.prisma);
    await expectCountsFromArticles(movesFirst.prisma);

    await movesFirst.prisma.$disconnect();
    await articlesFirst.prisma.$disconnect();
  });

  it('recounts the story an article leaves when a newer event moves it', async () => {
    const db = await fresh('article_moves');
    await db.projection.apply([
      enriched(1, 's-9', 1),
      enriched(2, 's-9', 1),
      enriched(3, 's-8', 1),
    ]);
    // A newer decision for article 1 (an updated item, re-clustered) and a copy of 2.
    await db.projection.apply([enriched(1, 's-8', 5), enriched(4, 's-9', 1, 2)]);
    await expectCountsFromArticles(db.prisma);
    await db.projection.apply([enriched(2, 's-8', 6)]);
    // s-9 lost its last articles (2 and its copy 4): removed with its story_sources.
    expect(await db.prisma.$queryRaw`SELECT id, article_count FROM stories ORDER BY id`).toEqual([
      { id: 's-8', article_count: 4 },
    ]);
    await expectCountsFromArticles(db.prisma);
    await db.prisma.$disconnect();
  });

  /** Articles naming shared entities and stories, as concurrent batches would. */
  const crowd = (from: number, count: number): EnrichedArticle[] =>
    Array.from({ length: count }, (_, k) => {
      const n = from + k;
      const e = enriched(n, `s-${n % 5}`, n);
      const names = [n % 7, (n * 3) % 7, 7 + (n % 2)];
      return {
        ...e,
        entities: [...new Set(names)].map((x, i) => ({
          id: `Q${x}`,
          qid: `Q${x}`,
          name: `Entity ${x}`,
          type: 'person' as const,
          salience: 0.5,
          mentions: [{ start: i * 10, end: i * 10 + 5, surface: `Ent${x}`, confidence: 0.9 }],
        })),
      };
    });

  it('gives the same rows with concurrent writers as with one, without deadlocks', async () => {
    const batches = [0, 1, 2, 3, 4, 5].map((b) => crowd(100 + b * 40, 40));
    const one = await fresh('one_writer');
    for (const b of batches) await one.projection.apply(b);
    const many = await fresh('four_writers');
    // Reversed halves, so the writers meet the shared rows in different orders.
    await Promise.all([
      many.projection.apply(batches[5]!),
      many.projection.apply(batches[0]!),
      many.projection.apply([...batches[1]!].reverse()),
      many.projection.apply(batches[4]!),
    ]);
    await Promise.all([
      many.projection.apply(batches[2]!),
      many.projection.apply([...batches[3]!].reverse()),
    ]);
    expect(await tableChecksums(many.url)).toEqual(await tableChecksums(one.url));
    await expectCountsFromArticles(many.prisma);
    const [counts] = await one.prisma.$queryRaw<{ links: number; mentions: number }[]>`
      SELECT (SELECT count(*)::int FROM article_entities) AS links,
             (SELECT sum(jsonb_array_length(mentions))::int FROM articles) AS mentions`;
    expect(counts!.links).toBeGreaterThan(240);
    expect(counts!.mentions).toBe(counts!.links);
    await one.prisma.$disconnect();
    await many.prisma.$disconnect();
  });

  it('stores a search vector Postgres reads back, which the built queries find', async () => {
    const db = await fresh('search');
    const tricky = enriched(900, 's-9', 1);
    tricky.article.title = "Erdoğan's talks with O'Brien";
    tricky.article.body = 'Ministers met in 東京都 and Idlib; a path C:\\temp and "quotes".';
    const german = enriched(901, 's-9', 2);
    german.article.language = 'de';
    german.article.body = 'Die Regierungen verhandelten über den Waffenstillstand.';
    await db.projection.apply([tricky, german]);
    // Sent in binary, stored as Postgres reads the text form of the same vector.
    const texts = [tricky, german].map((e) =>
      searchVector(e.article.title, e.article.body, e.article.language),
    );
    const [same] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM articles a
       JOIN unnest($1::text[], $2::text[]) AS x(id, v) ON a.id = x.id
       WHERE a.search = x.v::tsvector`,
      [id(900), id(901)],
      texts,
    );
    expect(same!.n).toBe(2);
    const find = async (query: string) =>
      (
        await db.prisma.$queryRawUnsafe<{ id: string }[]>(
          'SELECT id FROM articles WHERE search @@ $1::tsquery ORDER BY id',
          searchQuery(query),
        )
      ).map((r) => r.id);
    expect(await find('erdogan')).toEqual([id(900)]);
    expect(await find('Erdoğan "O\'Brien"')).toEqual([id(900)]);
    expect(await find('minister 東京都')).toEqual([id(900)]);
    expect(await find('temp')).toEqual([id(900)]);
    expect(await find('Regierung')).toEqual([id(901)]);
    expect(await find('talks -idlib')).toEqual([]);
    const [weights] = await db.prisma.$queryRaw<{ title: number; body: number }[]>`
      SELECT ts_rank_cd(search, to_tsquery('simple', 'erdoğan'))::float8 AS title,
             ts_rank_cd(search, to_tsquery('simple', 'idlib'))::float8 AS body
      FROM articles WHERE id = ${id(900)}`;
    expect(weights!.title).toBeGreaterThan(weights!.body);
    await db.prisma.$disconnect();
  });

  it('stores long article text compressed with lz4 (cheaper to write than pglz)', async () => {
    const db = await fresh('lz4');
    const long = enriched(950, 's-10', 1);
    // Over the ~2 kB at which Postgres compresses a row's values; prose-like, so it compresses.
    long.article.body = Array.from(
      { length: 400 },
      (_, i) => `Officials said talks resumed in city ${i % 17} on day ${i % 9}.`,
    ).join(' ');
    await db.projection.apply([long]);
    const [row] = await db.prisma.$queryRaw<{ method: string | null }[]>`
      SELECT pg_column_compression(body) AS method FROM articles WHERE id = ${id(950)}`;
    expect(row!.method).toBe('lz4');
    // The search vector and mentions are compressed only when the row still needs it.
    const columns = await db.prisma.$queryRaw<{ name: string; method: string }[]>`
      SELECT attname AS name, attcompression::text AS method FROM pg_attribute
      WHERE attrelid = 'articles'::regclass AND attname IN ('body', 'search', 'mentions')
      ORDER BY attname`;
    expect(columns).toEqual([
      { name: 'body', method: 'l' },
      { name: 'mentions', method: 'l' },
      { name: 'search', method: 'l' },
    ]);
    await db.prisma.$disconnect();
  });

  it('writes a batch in one statement and announces it on commit, in notices under the cap', async () => {
    const db = await fresh('notices', true);
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (n) => payloads.push(n.payload ?? ''));
    await listener.query(`LISTEN ${PROJECTION_CHANNEL}`);
    const batch = crowd(1000, 450);
    const scope = { count: 0 };
    await sqlQueryCounter.run(scope, () => db.projection.apply(batch));
    expect(scope.count).toBe(1);
    let largest = 0;
    const heard = async () => {
      await listener.query('SELECT 1'); // notices sent before this reply are in
      const raw = payloads.splice(0);
      const notices = raw.map((p) => parseProjectionNotice(p)!);
      largest = Math.max(largest, ...raw.map((p) => Buffer.byteLength(p)));
      return {
        articles: notices.flatMap((n) => n.articles).sort(),
        stories: [...new Set(notices.flatMap((n) => n.stories))].sort(),
        count: notices.length,
      };
    };
    const first = await heard();
    // 450 ids of 32 characters do not fit in one notice.
    expect(first.count).toBeGreaterThan(1);
    expect(largest).toBeLessThan(8000);
    expect(first.articles).toEqual(batch.map((e) => e.article.articleId).sort());
    expect(first.stories).toEqual(['s-0', 's-1', 's-2', 's-3', 's-4']);
    // A replay adds no article: only the recounted stories are announced.
    await db.projection.apply(batch);
    expect(await heard()).toEqual({ articles: [], stories: first.stories, count: 1 });
    // Moves: one statement too, and the stories on both sides are announced.
    scope.count = 0;
    await sqlQueryCounter.run(scope, () =>
      db.projection.applyMoves([move(1000, 's-0', 's-7', 9_999)]),
    );
    expect(scope.count).toBe(1);
    expect((await heard()).stories).toEqual(['s-0', 's-7']);
    await expectCountsFromArticles(db.prisma);
    // Planned per call: a generic plan cached while the tables were small kept
    // scanning them whole as they grew (seen in the pipeline bench). Only the
    // article upsert, which reads no table a plan could scan badly, is planned
    // once: planned per call it copied its large arguments every time.
    const functions = await db.prisma.$queryRaw<{ name: string; config: string[] | null }[]>`
      SELECT proname AS name, proconfig AS config FROM pg_proc
      WHERE proname IN ('newsgraph_story_pairs', 'newsgraph_upsert_stories', 'newsgraph_settle_stories',
                        'newsgraph_project_articles', 'newsgraph_apply_story_moves',
                        'newsgraph_upsert_articles')
      ORDER BY proname`;
    expect(functions.map((f) => [f.name, f.config])).toEqual([
      ['newsgraph_apply_story_moves', ['plan_cache_mode=force_custom_plan']],
      ['newsgraph_project_articles', ['plan_cache_mode=force_custom_plan']],
      ['newsgraph_settle_stories', ['plan_cache_mode=force_custom_plan']],
      ['newsgraph_story_pairs', ['plan_cache_mode=force_custom_plan']],
      ['newsgraph_upsert_articles', ['plan_cache_mode=force_generic_plan']],
      ['newsgraph_upsert_stories', ['plan_cache_mode=force_custom_plan']],
    ]);
    await listener.end();
    await db.prisma.$disconnect();
  });
});
