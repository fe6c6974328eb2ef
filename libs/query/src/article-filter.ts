import { Prisma } from '@newsgraph/db';
import { InvalidSearchError, searchQuery } from '@newsgraph/fulltext';
import { InvalidQueryError } from './pagination';

export interface ArticleFilter {
  /** Every one of these entities (ids or QIDs) is mentioned. */
  entityIds?: string[] | null;
  sourceIds?: string[] | null;
  languages?: string[] | null;
  storyId?: string | null;
  /** Inclusive lower and exclusive upper bound on when the article happened. */
  from?: Date | null;
  to?: Date | null;
  /** Full-text query in web-search syntax: words, "phrases", OR, -excluded. */
  query?: string | null;
  /** Copies of other articles (exact and near duplicates) are included unless false. */
  includeCopies?: boolean | null;
}

const MAX_LIST = 50;

function list(name: string, values: string[] | null | undefined): string[] | null {
  if (!values || values.length === 0) return null;
  if (values.length > MAX_LIST) throw new InvalidQueryError(name, `at most ${MAX_LIST} values`);
  return values;
}

/**
 * The entity with this id or QID, as one value. A knowledge-base entity's id is
 * its QID (libs/contracts), so at most one matches; the id wins if both would.
 */
function entityKey(entity: string): Prisma.Sql {
  return Prisma.sql`(SELECT e.id FROM entities e WHERE e.id = ${entity} OR e.qid = ${entity}
    ORDER BY e.id = ${entity} DESC, e.id LIMIT 1)`;
}

function conditions(filter: ArticleFilter, entities: string[]): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  const sources = list('filter.sourceIds', filter.sourceIds);
  if (sources) parts.push(Prisma.sql`a.source_id = ANY(${sources}::text[])`);
  const languages = list('filter.languages', filter.languages);
  if (languages) parts.push(Prisma.sql`a.language = ANY(${languages}::text[])`);
  if (filter.storyId) parts.push(Prisma.sql`a.story_id = ${filter.storyId}`);
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new InvalidQueryError('filter.to', 'must be after filter.from');
  }
  if (filter.from) parts.push(Prisma.sql`a.occurred_at >= ${filter.from}`);
  if (filter.to) parts.push(Prisma.sql`a.occurred_at < ${filter.to}`);
  if (filter.includeCopies === false) parts.push(Prisma.sql`a.duplicate_kind = 'unique'`);
  for (const entity of entities) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM article_entities ae
      WHERE ae.article_id = a.id AND ae.entity_id = ${entityKey(entity)})`);
  }
  const query = filter.query?.trim();
  if (filter.query !== undefined && filter.query !== null && !query) {
    throw new InvalidQueryError('filter.query', 'must not be empty');
  }
  if (query) parts.push(Prisma.sql`a.search @@ ${tsQuery(query, 'filter.query')}`);
  return parts;
}

const where = (parts: Prisma.Sql[]) =>
  parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, ' AND ')}` : Prisma.empty;

/**
 * The WHERE clause for an article filter over `articles a`. Values are bound
 * parameters, never spliced into the SQL text.
 */
export function articleWhere(filter: ArticleFilter = {}): Prisma.Sql {
  return where(conditions(filter, list('filter.entityIds', filter.entityIds) ?? []));
}

/** Where a page of filtered articles is read from, and its order: see `articlePages`. */
export interface ArticlePages {
  /** FROM ... WHERE ..., with `a` the article; more conditions follow with AND. */
  from: Prisma.Sql;
  /** The (occurredAt, id) sort key's columns. */
  at: Prisma.Sql;
  id: Prisma.Sql;
}

/**
 * Pages of filtered articles in (occurredAt, id) order. With entities, pages are
 * read in the order of the first entity's (entity, occurredAt, article) index,
 * which stops at the page's end; reading every article of the entity and sorting
 * cost Postgres ~100 random heap reads per page, and grows with the entity.
 */
export function articlePages(filter: ArticleFilter = {}): ArticlePages {
  const [lead, ...others] = list('filter.entityIds', filter.entityIds) ?? [];
  if (lead === undefined) {
    const parts = conditions(filter, []);
    return {
      from: Prisma.sql`articles a WHERE ${parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`true`}`,
      at: Prisma.sql`a.occurred_at`,
      id: Prisma.sql`a.id`,
    };
  }
  // article_entities.occurred_at is the article's occurred_at (the projector writes both).
  const parts = [Prisma.sql`k.entity_id = ${entityKey(lead)}`, ...conditions(filter, others)];
  if (filter.from) parts.push(Prisma.sql`k.occurred_at >= ${filter.from}`);
  if (filter.to) parts.push(Prisma.sql`k.occurred_at < ${filter.to}`);
  return {
    from: Prisma.sql`article_entities k JOIN articles a ON a.id = k.article_id WHERE ${Prisma.join(parts, ' AND ')}`,
    at: Prisma.sql`k.occurred_at`,
    id: Prisma.sql`k.article_id`,
  };
}

/**
 * The search as a tsquery, built by libs/fulltext from the same words and stems
 * the projector indexed (each word in any language's stem, as typed, and without
 * diacritics). A bound constant, so the GIN index on `search` serves it.
 */
export function tsQuery(query: string, field: string): Prisma.Sql {
  try {
    return Prisma.sql`${searchQuery(query)}::tsquery`;
  } catch (error) {
    if (error instanceof InvalidSearchError) throw new InvalidQueryError(field, error.message);
    throw error;
  }
}
