import { Inject, Injectable, Optional } from '@nestjs/common';
import { Prisma, PrismaService, type Article } from '@newsgraph/db';
import { articleWhere, tsQuery, type ArticleFilter } from './article-filter';
import {
  decodeCursor,
  decodeOffset,
  encodeCursor,
  encodeOffset,
  InvalidQueryError,
  pageRequest,
  toPage,
  type Page,
  type PageArgs,
} from './pagination';

export type ArticleOrder = 'NEWEST' | 'OLDEST';

export interface ArticleConnection extends Page<Article> {
  /** Counts lazily: only when the client asks for totalCount. */
  totalCount: () => Promise<number>;
}

export const QUERY_OPTIONS = Symbol('QUERY_OPTIONS');

export interface QueryOptions {
  /**
   * How many of the newest matches a search ranks by relevance; older ones are
   * reached through filters (time range). Ranking is most of a search's cost.
   */
  searchCandidates: number;
}

export const DEFAULT_QUERY_OPTIONS: QueryOptions = { searchCandidates: 2_000 };

@Injectable()
export class ArticlesService {
  private readonly options: QueryOptions;

  constructor(
    private readonly prisma: PrismaService,
    @Optional() @Inject(QUERY_OPTIONS) options?: QueryOptions,
  ) {
    this.options = options ?? DEFAULT_QUERY_OPTIONS;
  }

  /** Keyset-paginated on (occurredAt, id); two queries whatever the page size. */
  async connection(
    args: PageArgs & { filter?: ArticleFilter | null; orderBy?: ArticleOrder | null },
  ): Promise<ArticleConnection> {
    const request = pageRequest(args);
    const filter = args.filter ?? {};
    const where = articleWhere(filter);
    // Paging backwards reads the opposite order and flips the page.
    const descending = ((args.orderBy ?? 'NEWEST') === 'NEWEST') !== request.backward;
    const cursor = request.cursor
      ? decodeCursor(request.cursor, request.backward ? 'before' : 'after')
      : null;
    const keyset = cursor
      ? descending
        ? Prisma.sql`(a.occurred_at, a.id) < (${cursor.at}, ${cursor.id})`
        : Prisma.sql`(a.occurred_at, a.id) > (${cursor.at}, ${cursor.id})`
      : null;
    const conditions = keyset
      ? where === Prisma.empty
        ? Prisma.sql`WHERE ${keyset}`
        : Prisma.sql`${where} AND ${keyset}`
      : where;
    const order = descending
      ? Prisma.sql`a.occurred_at DESC, a.id DESC`
      : Prisma.sql`a.occurred_at ASC, a.id ASC`;
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT a.id FROM articles a ${conditions} ORDER BY ${order} LIMIT ${request.size + 1}`;
    const rows = await this.byIds(ids.map((r) => r.id));
    const page = toPage(rows, request, (r) => encodeCursor({ at: r.occurredAt, id: r.id }));
    return { ...page, totalCount: () => this.count(filter) };
  }

  /**
   * Relevance-ranked full-text search (title weighs more than body) over the
   * newest `searchCandidates` matching articles.
   */
  async search(
    args: PageArgs & { query: string; filter?: ArticleFilter | null },
  ): Promise<ArticleConnection> {
    if (args.last !== undefined && args.last !== null) {
      throw new InvalidQueryError('last', 'search results page forwards only');
    }
    const request = pageRequest(args);
    const offset = request.cursor ? decodeOffset(request.cursor) : 0;
    const ranking = tsQuery(args.query.trim(), 'query');
    const filter = { ...(args.filter ?? {}), query: args.query };
    // Ranking every match of a common word costs seconds on a large archive: the
    // newest `searchCandidates` matches (walked on the time index) are ranked.
    // ts_rank (weighted lexeme frequency, title A over body B, divided by 1 + log of
    // the length) rather than ts_rank_cd: cover density over the query's alternative
    // stems took 105 of the 126 ms of a search on 1M articles, ts_rank 12.
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM (
        SELECT a.id, a.search, a.occurred_at FROM articles a ${articleWhere(filter)}
        ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${this.options.searchCandidates}) c
      ORDER BY ts_rank(c.search, ${ranking}, 1) DESC, c.occurred_at DESC, c.id DESC
      LIMIT ${request.size + 1} OFFSET ${offset}`;
    const rows = await this.byIds(ids.map((r) => r.id));
    const page = toPage(rows, request, () => '');
    return {
      ...page,
      cursors: page.nodes.map((_, i) => encodeOffset(offset + i + 1)),
      hasPreviousPage: offset > 0,
      totalCount: () => this.count(filter),
    };
  }

  async count(filter: ArticleFilter): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM articles a ${articleWhere(filter)}`;
    return row?.n ?? 0;
  }

  /** Rows for ids, in the order of the ids. */
  async byIds(ids: readonly string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.article.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Articles per time bucket. */
  async timeline(
    filter: ArticleFilter,
    bucket: 'HOUR' | 'DAY',
  ): Promise<{ start: Date; count: number }[]> {
    const unit = bucket === 'HOUR' ? 'hour' : 'day';
    return this.prisma.$queryRaw<{ start: Date; count: number }[]>`
      SELECT date_trunc(${unit}, a.occurred_at) AS start, count(*)::int AS count
      FROM articles a ${articleWhere(filter)} GROUP BY 1 ORDER BY 1`;
  }
}
