import DataLoader from 'dataloader';
import { type PrismaService, type Entity, type Source, type Story } from '@newsgraph/db';
import {
  ARTICLE_COLUMNS,
  ENTITY_COLUMNS,
  ENTITY_ROW,
  entityOf,
  STORY_COLUMNS,
  type ArticleRow,
  type EntityColumns,
} from './columns';

export interface EntityCount {
  entity: Entity;
  count: number;
}

export interface ArticleMention {
  articleId: string;
  start: number;
  end: number;
  entityId: string;
  surface: string;
  confidence: number;
  entity: Entity;
}

export interface ArticleEntityLink {
  entity: Entity;
  mentionCount: number;
  salience: number;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const list = map.get(keyOf(row)) ?? [];
    list.push(row);
    map.set(keyOf(row), list);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * One set per GraphQL request: every field that reads related rows goes through
 * a loader, so a page of N articles costs the same number of queries as one.
 */
export function createLoaders(prisma: PrismaService) {
  // Raw `= ANY($1)` rather than Prisma's `IN ($1, ..., $n)`: one statement text
  // whatever the batch size, so the api's named statements are parsed and planned
  // once per connection, and no query is built per call.
  const entity = new DataLoader<string, Entity | null>(async (ids) =>
    byKey(
      ids,
      await prisma.$queryRaw<Entity[]>`
        SELECT ${ENTITY_ROW} FROM entities e WHERE e.id = ANY(${[...ids]}::text[])`,
      (e) => e.id,
    ),
  );
  const primeEntities = (rows: Entity[]) => rows.forEach((e) => entity.prime(e.id, e));

  return {
    article: new DataLoader<string, ArticleRow | null>(async (ids) =>
      byKey(
        ids,
        await prisma.$queryRaw<ArticleRow[]>`
          SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ANY(${[...ids]}::text[])`,
        (a) => a.id,
      ),
    ),
    source: new DataLoader<string, Source | null>(async (ids) =>
      byKey(
        ids,
        await prisma.$queryRaw<Source[]>`
          SELECT s.id, s.name, s.url FROM sources s WHERE s.id = ANY(${[...ids]}::text[])`,
        (s) => s.id,
      ),
    ),
    story: new DataLoader<string, Story | null>(async (ids) =>
      byKey(
        ids,
        await prisma.$queryRaw<Story[]>`
          SELECT ${STORY_COLUMNS} FROM stories s WHERE s.id = ANY(${[...ids]}::text[])`,
        (s) => s.id,
      ),
    ),
    entity,
    /** Copies (exact and near) of each canonical article. */
    copies: new DataLoader<string, ArticleRow[]>(async (ids) =>
      groupBy(
        ids,
        await prisma.$queryRaw<ArticleRow[]>`
          SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.duplicate_of_id = ANY(${[...ids]}::text[])
          ORDER BY a.occurred_at, a.id`,
        (a) => a.duplicateOfId!,
      ),
    ),
    // Mentions are stored with their article (a JSON list); one query reads them
    // with their entities for the whole page.
    mentions: new DataLoader<string, ArticleMention[]>(async (ids) => {
      const rows = await prisma.$queryRaw<(Omit<ArticleMention, 'entity'> & EntityColumns)[]>`
        SELECT a.id AS "articleId", m.start, m."end", m."entityId", m.surface, m.confidence,
               ${ENTITY_COLUMNS}
        FROM articles a
        CROSS JOIN LATERAL jsonb_to_recordset(a.mentions)
          AS m(start int, "end" int, "entityId" text, surface text, confidence float8)
        JOIN entities e ON e.id = m."entityId"
        WHERE a.id = ANY(${[...ids]}::text[])
        ORDER BY a.id, m.start, m."end"`;
      const list = rows.map((row) => ({
        articleId: row.articleId,
        start: row.start,
        end: row.end,
        entityId: row.entityId,
        surface: row.surface,
        confidence: row.confidence,
        entity: entityOf(row),
      }));
      primeEntities(list.map((r) => r.entity));
      return groupBy(ids, list, (m) => m.articleId);
    }),
    articleEntities: new DataLoader<string, ArticleEntityLink[]>(async (ids) => {
      const rows = await prisma.$queryRaw<
        ({ article_id: string; mention_count: number; salience: number } & EntityColumns)[]
      >`
        SELECT ae.article_id, ae.mention_count, ae.salience, ${ENTITY_COLUMNS}
        FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
        WHERE ae.article_id = ANY(${[...ids]}::text[])
        ORDER BY ae.article_id, ae.salience DESC, ae.entity_id`;
      const list = rows.map((r) => ({
        articleId: r.article_id,
        entity: entityOf(r),
        mentionCount: r.mention_count,
        salience: r.salience,
      }));
      primeEntities(list.map((r) => r.entity));
      return groupBy(ids, list, (r) => r.articleId).map((links) =>
        links.map(({ entity, mentionCount, salience }) => ({ entity, mentionCount, salience })),
      );
    }),
    aliases: new DataLoader<string, string[]>(async (ids) =>
      groupBy(
        ids,
        await prisma.entityAlias.findMany({
          where: { entityId: { in: [...ids] } },
          orderBy: [{ alias: 'asc' }],
        }),
        (a) => a.entityId,
      ).map((list) => list.map((a) => a.alias)),
    ),
    articleCount: new DataLoader<string, number>(async (ids) => {
      const rows = await prisma.$queryRaw<{ entity_id: string; n: number }[]>`
        SELECT entity_id, count(*)::int AS n FROM article_entities
        WHERE entity_id = ANY(${[...ids]}::text[]) GROUP BY entity_id`;
      return byKey(ids, rows, (r) => r.entity_id).map((r) => r?.n ?? 0);
    }),
    storySources: new DataLoader<string, Source[]>(async (ids) => {
      const rows = await prisma.$queryRaw<
        { story_id: string; id: string; name: string; url: string | null }[]
      >`
        SELECT ss.story_id, s.id, s.name, s.url FROM story_sources ss JOIN sources s ON s.id = ss.source_id
        WHERE ss.story_id = ANY(${[...ids]}::text[]) ORDER BY ss.story_id, s.name, s.id`;
      return groupBy(ids, rows, (r) => r.story_id).map((list) =>
        list.map(({ id, name, url }) => ({ id, name, url })),
      );
    }),
    /** The 10 entities mentioned by most articles of each story. */
    storyTopEntities: new DataLoader<string, EntityCount[]>(async (ids) => {
      const rows = await prisma.$queryRaw<{ story_id: string; entity_id: string; n: number }[]>`
        SELECT story_id, entity_id, n FROM (
          SELECT a.story_id, ae.entity_id, count(*)::int AS n,
                 row_number() OVER (PARTITION BY a.story_id ORDER BY count(*) DESC, ae.entity_id) AS rank
          FROM articles a JOIN article_entities ae ON ae.article_id = a.id
          WHERE a.story_id = ANY(${[...ids]}::text[]) GROUP BY a.story_id, ae.entity_id) ranked
        WHERE rank <= 10 ORDER BY story_id, n DESC, entity_id`;
      // Entities by their loader: joined in the query above, the planner
      // misjudged the ranked rows and hashed the whole entities table (17 ms).
      const entities = await entity.loadMany([...new Set(rows.map((r) => r.entity_id))]);
      const found = new Map(
        entities.filter((e): e is Entity => !!e && !(e instanceof Error)).map((e) => [e.id, e]),
      );
      return groupBy(ids, rows, (r) => r.story_id).map((list) =>
        list.flatMap((r) =>
          found.has(r.entity_id) ? [{ entity: found.get(r.entity_id)!, count: r.n }] : [],
        ),
      );
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
