import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Story } from '@newsgraph/db';
import { STORY_COLUMNS } from './columns';
import {
  decodeCursor,
  encodeCursor,
  InvalidQueryError,
  pageRequest,
  toPage,
  type Page,
  type PageArgs,
} from './pagination';

export interface StoryFilter {
  /** Stories with an article mentioning every one of these entities (ids or QIDs). */
  entityIds?: string[] | null;
  /** Stories active in [from, to). */
  from?: Date | null;
  to?: Date | null;
}

@Injectable()
export class StoriesService {
  constructor(private readonly prisma: PrismaService) {}

  byId(id: string): Promise<Story | null> {
    return this.prisma.story.findUnique({ where: { id } });
  }

  /** Most recently active first, keyset-paginated on (lastSeenAt, id). */
  async connection(args: PageArgs & { filter?: StoryFilter | null }): Promise<Page<Story>> {
    const request = pageRequest(args);
    const f = args.filter ?? {};
    if (f.from && f.to && f.from >= f.to)
      throw new InvalidQueryError('filter.to', 'must be after filter.from');
    if ((f.entityIds?.length ?? 0) > 50)
      throw new InvalidQueryError('filter.entityIds', 'at most 50 values');
    const parts: Prisma.Sql[] = [];
    if (f.from) parts.push(Prisma.sql`s.last_seen_at >= ${f.from}`);
    if (f.to) parts.push(Prisma.sql`s.first_seen_at < ${f.to}`);
    for (const entity of f.entityIds ?? []) {
      parts.push(Prisma.sql`EXISTS (SELECT 1 FROM articles a JOIN article_entities ae ON ae.article_id = a.id
        WHERE a.story_id = s.id AND ae.entity_id IN (SELECT e.id FROM entities e WHERE e.id = ${entity} OR e.qid = ${entity}))`);
    }
    const descending = !request.backward;
    const cursor = request.cursor
      ? decodeCursor(request.cursor, request.backward ? 'before' : 'after')
      : null;
    if (cursor) {
      parts.push(
        descending
          ? Prisma.sql`(s.last_seen_at, s.id) < (${cursor.at}, ${cursor.id})`
          : Prisma.sql`(s.last_seen_at, s.id) > (${cursor.at}, ${cursor.id})`,
      );
    }
    const where = parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, ' AND ')}` : Prisma.empty;
    const order = descending
      ? Prisma.sql`s.last_seen_at DESC, s.id DESC`
      : Prisma.sql`s.last_seen_at ASC, s.id ASC`;
    const rows = await this.prisma.$queryRaw<Story[]>`
      SELECT ${STORY_COLUMNS} FROM stories s ${where} ORDER BY ${order} LIMIT ${request.size + 1}`;
    return toPage(rows, request, (s) => encodeCursor({ at: s.lastSeenAt, id: s.id }));
  }
}
