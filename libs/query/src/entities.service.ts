import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Entity } from '@newsgraph/db';
import { ENTITY_COLUMNS, ENTITY_ROW, entityOf, type EntityColumns } from './columns';
import type { EntityCount } from './loaders';
import {
  decodeOffset,
  encodeOffset,
  InvalidQueryError,
  pageRequest,
  toPage,
  type Page,
  type PageArgs,
} from './pagination';

export interface TimeRange {
  from?: Date | null;
  to?: Date | null;
}

function range(r: TimeRange): Prisma.Sql {
  if (r.from && r.to && r.from >= r.to) throw new InvalidQueryError('to', 'must be after from');
  return Prisma.sql`${r.from ? Prisma.sql`AND ae.occurred_at >= ${r.from}` : Prisma.empty}
                    ${r.to ? Prisma.sql`AND ae.occurred_at < ${r.to}` : Prisma.empty}`;
}

@Injectable()
export class EntitiesService {
  constructor(private readonly prisma: PrismaService) {}

  /** By our id or by Wikidata QID. */
  async find(args: { id?: string | null; qid?: string | null }): Promise<Entity | null> {
    if (!args.id === !args.qid) throw new InvalidQueryError('id', 'give exactly one of id and qid');
    if (args.id) return this.prisma.entity.findUnique({ where: { id: args.id } });
    return this.prisma.entity.findFirst({ where: { qid: args.qid! }, orderBy: { id: 'asc' } });
  }

  /**
   * Without `search`: most-mentioned first. With it: by trigram similarity of the
   * name or any alias seen in articles, so "Erdogan" finds "Recep Tayyip Erdoğan".
   */
  async connection(
    args: PageArgs & { search?: string | null; type?: string | null },
  ): Promise<Page<Entity>> {
    if (args.last !== undefined && args.last !== null)
      throw new InvalidQueryError('last', 'entities page forwards only');
    const request = pageRequest(args);
    const offset = request.cursor ? decodeOffset(request.cursor) : 0;
    const type = args.type ? Prisma.sql`AND e.type = ${args.type}` : Prisma.empty;
    const search = args.search?.trim();
    const rows = search
      ? await this.prisma.$queryRaw<Entity[]>`
          SELECT ${ENTITY_ROW} FROM entities e
          LEFT JOIN LATERAL (SELECT max(similarity(al.alias, ${search})) AS s FROM entity_aliases al
                             WHERE al.entity_id = e.id) a ON true
          WHERE (e.name % ${search} OR e.name ILIKE ${'%' + search + '%'}
                 OR EXISTS (SELECT 1 FROM entity_aliases al WHERE al.entity_id = e.id
                            AND (al.alias % ${search} OR al.alias ILIKE ${'%' + search + '%'}))) ${type}
          ORDER BY greatest(similarity(e.name, ${search}), coalesce(a.s, 0)) DESC, e.id
          LIMIT ${request.size + 1} OFFSET ${offset}`
      : await this.prisma.$queryRaw<Entity[]>`
          SELECT ${ENTITY_ROW} FROM entities e
          LEFT JOIN (SELECT entity_id, count(*) AS n FROM article_entities GROUP BY entity_id) c ON c.entity_id = e.id
          WHERE true ${type}
          ORDER BY coalesce(c.n, 0) DESC, e.id LIMIT ${request.size + 1} OFFSET ${offset}`;
    const page = toPage(rows, request, () => '');
    return {
      ...page,
      cursors: page.nodes.map((_, i) => encodeOffset(offset + i + 1)),
      hasPreviousPage: offset > 0,
    };
  }

  /** Entities mentioned in the same articles, with the number of shared articles. */
  async coMentioned(
    entityId: string,
    r: TimeRange & { first?: number | null },
  ): Promise<EntityCount[]> {
    const size = pageRequest({ first: r.first }).size;
    const rows = await this.prisma.$queryRaw<(EntityColumns & { n: number })[]>`
      SELECT ${ENTITY_COLUMNS}, c.n FROM (
        SELECT other.entity_id, count(*)::int AS n
        FROM article_entities ae JOIN article_entities other
          ON other.article_id = ae.article_id AND other.entity_id <> ae.entity_id
        WHERE ae.entity_id = ${entityId} ${range(r)}
        GROUP BY other.entity_id ORDER BY n DESC, other.entity_id LIMIT ${size}) c
      JOIN entities e ON e.id = c.entity_id
      ORDER BY c.n DESC, e.id`;
    return rows.map((row) => ({ entity: entityOf(row), count: row.n }));
  }

  /** Articles mentioning the entity per hour or day. */
  async timeline(
    entityId: string,
    r: TimeRange & { bucket: 'HOUR' | 'DAY' },
  ): Promise<{ start: Date; count: number }[]> {
    const unit = r.bucket === 'HOUR' ? 'hour' : 'day';
    return this.prisma.$queryRaw<{ start: Date; count: number }[]>`
      SELECT date_trunc(${unit}, ae.occurred_at) AS start, count(*)::int AS count
      FROM article_entities ae WHERE ae.entity_id = ${entityId} ${range(r)} GROUP BY 1 ORDER BY 1`;
  }
}
