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
 * The WHERE clause for an article filter over `articles a`. Values are bound
 * parameters, never spliced into the SQL text.
 */
export function articleWhere(filter: ArticleFilter = {}): Prisma.Sql {
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
  for (const entity of list('filter.entityIds', filter.entityIds) ?? []) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM article_entities ae
      WHERE ae.article_id = a.id
        AND ae.entity_id IN (SELECT e.id FROM entities e WHERE e.id = ${entity} OR e.qid = ${entity}))`);
  }
  const query = filter.query?.trim();
  if (filter.query !== undefined && filter.query !== null && !query) {
    throw new InvalidQueryError('filter.query', 'must not be empty');
  }
  if (query) parts.push(Prisma.sql`a.search @@ ${tsQuery(query, 'filter.query')}`);
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, ' AND ')}` : Prisma.empty;
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
