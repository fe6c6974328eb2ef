import { Injectable } from '@nestjs/common';
import { PrismaService } from '@newsgraph/db';
import { pageSize } from './pagination';

@Injectable()
export class StoriesService {
  constructor(private readonly prisma: PrismaService) {}

  /** Most recently active stories first. */
  async list(args: { first?: number | null }) {
    return this.prisma.story.findMany({
      orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
      take: pageSize(args.first),
    });
  }
}
