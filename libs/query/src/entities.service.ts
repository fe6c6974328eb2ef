import { Injectable } from '@nestjs/common';
import { PrismaService } from '@newsgraph/db';
import { pageSize } from './pagination';

@Injectable()
export class EntitiesService {
  constructor(private readonly prisma: PrismaService) {}

  /** Entities by number of articles that mention them, optionally by name prefix or type. */
  async list(args: { first?: number | null; name?: string | null; type?: string | null }) {
    const size = pageSize(args.first);
    const rows = await this.prisma.entity.findMany({
      where: {
        ...(args.name ? { name: { contains: args.name, mode: 'insensitive' as const } } : {}),
        ...(args.type ? { type: args.type } : {}),
      },
      include: { _count: { select: { articles: true } } },
      orderBy: [{ articles: { _count: 'desc' } }, { id: 'asc' }],
      take: size,
    });
    return rows.map(({ _count, ...entity }) => ({ ...entity, articleCount: _count.articles }));
  }
}
