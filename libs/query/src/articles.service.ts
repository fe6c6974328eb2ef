import { Inject, Injectable, Optional } from '@nestjs/common';
import { Prisma, PrismaService } from '@newsgraph/db';
import { articlePages, articleWhere, tsQuery, type ArticleFilter } from './article-filter';
import { ARTICLE_COLUMNS, type ArticleRow } from './columns';
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

export interface ArticleConnection extends Page<ArticleRow> {
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

  /** Keyset-paginated on (occurredAt, id); one query whatever the page size. */
  async connection(
    args: PageArgs & { filter?: ArticleFilter | null; orderBy?: ArticleOrder | null },
  ): Promise<ArticleConnection> {
    const request = pageRequest(args);
    const filter = args.filter ?? {};
    const pages = articlePages(filter);
    // Paging backwards reads the opposite order and flips the page.
    const descending = ((args.orderBy ?? 'NEWEST') === 'NEWEST') !== request.backward;
    const cursor = request.cursor
      ? decodeCursor(request.cursor, request.backward ? 'before' : 'after')
      : null;
    const keyset = cursor
      ? descending
        ? Prisma.sql`AND (${pages.at}, ${pages.id}) < (${cursor.at}, ${cursor.id})`
        : Prisma.sql`AND (${pages.at}, ${pages.id}) > (${cursor.at}, ${cursor.id})`
      : Prisma.empty;
    const order = descending
      ? Prisma.sql`${pages.at} DESC, ${pages.id} DESC`
      : Prisma.sql`${pages.at} ASC, ${pages.id} ASC`;
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_COLUMNS} FROM ${pages.from} ${keyset}
      ORDER BY ${order} LIMIT ${request.size + 1}`;
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
    // Rows are read for the page only, after ranking.
    const rows = await this.prisma.$queryRaw<ArticleRow[]>`
      SELECT ${ARTICLE_COLUMNS} FROM (
        SELECT c.id, ts_rank(c.search, ${ranking}, 1) AS rank, c.occurred_at FROM (
          SELECT a.id, a.search, a.occurred_at FROM articles a ${articleWhere(filter)}
          ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${this.options.searchCandidates}) c
        ORDER BY rank DESC, c.occurred_at DESC, c.id DESC
        LIMIT ${request.size + 1} OFFSET ${offset}) r
      JOIN articles a ON a.id = r.id
      ORDER BY r.rank DESC, r.occurred_at DESC, r.id DESC`;
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
