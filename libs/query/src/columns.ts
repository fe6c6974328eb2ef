import { Prisma, type Article, type Entity } from '@newsgraph/db';

/**
 * An article as the API reads it. Its mentions (a JSON list of ~20) are read by
 * their own loader only when asked for, so pages do not carry them.
 */
export type ArticleRow = Omit<Article, 'mentions'>;

/**
 * The columns of `ArticleRow` over `articles a`, named as Prisma names them, so
 * one raw query returns a page's rows (an id query followed by a row query cost
 * Postgres a second parse, plan and round trip). The api's e2e test compares
 * these rows with Prisma's.
 */
export const ARTICLE_COLUMNS = Prisma.sql`a.id, a.source_id AS "sourceId", a.external_id AS "externalId",
  a.url, a.title, a.body, a.language, a.byline, a.content_hash AS "contentHash",
  a.published_at AS "publishedAt", a.ingested_at AS "ingestedAt", a.occurred_at AS "occurredAt",
  a.duplicate_kind::text AS "duplicateKind", a.duplicate_of_id AS "duplicateOfId", a.similarity,
  a.story_id AS "storyId", a.story_revision AS "storyRevision"`;

/** The columns of `Story` over `stories s`. */
export const STORY_COLUMNS = Prisma.sql`s.id, s.title, s.first_seen_at AS "firstSeenAt",
  s.last_seen_at AS "lastSeenAt", s.title_revision AS "titleRevision",
  s.article_count AS "articleCount", s.source_count AS "sourceCount"`;

/** The columns of `Entity` over `entities e`. */
export const ENTITY_ROW = Prisma.sql`e.id, e.qid, e.name, e.type`;

/** An entity's columns over `entities e`, prefixed for joins (see `entityOf`). */
export const ENTITY_COLUMNS = Prisma.sql`e.id AS entity_id, e.qid AS entity_qid,
  e.name AS entity_name, e.type AS entity_type`;

export interface EntityColumns {
  entity_id: string;
  entity_qid: string | null;
  entity_name: string;
  entity_type: string;
}

export function entityOf(row: EntityColumns): Entity {
  return { id: row.entity_id, qid: row.entity_qid, name: row.entity_name, type: row.entity_type };
}
