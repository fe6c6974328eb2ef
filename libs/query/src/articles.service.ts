import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@newsgraph/db';
import { decodeCursor, pageSize, toPage, type Page } from './pagination';

const articleInclude = { source: true, story: true } satisfies Prisma.ArticleInclude;
export type ArticleRecord = Prisma.ArticleGetPayload<{ include: typeof articleInclude }>;

@Injectable()
export class ArticlesService {
  constructor(private readonly prisma: PrismaService) {}

  async byId(id: string): Promise<ArticleRecord | null> {
    return this.prisma.article.findUnique({ where: { id }, include: articleInclude });
  }

  /** Newest first, keyset-paginated on (ingestedAt, id). */
  async list(args: { first?: number | null; after?: string | null }): Promise<Page<ArticleRecord>> {
    const size = pageSize(args.first);
    const after = args.after ? decodeCursor(args.after) : null;
    const rows = await this.prisma.article.findMany({
      where: after
        ? {
            OR: [{ ingestedAt: { lt: after.at } }, { ingestedAt: after.at, id: { lt: after.id } }],
          }
        : undefined,
      orderBy: [{ ingestedAt: 'desc' }, { id: 'desc' }],
      take: size + 1,
      include: articleInclude,
    });
    return toPage(rows, size, (r) => ({ at: r.ingestedAt, id: r.id }));
  }

  async mentionsOf(articleId: string) {
    return this.prisma.mention.findMany({
      where: { articleId },
      orderBy: [{ start: 'asc' }],
      include: { entity: true },
    });
  }
}
