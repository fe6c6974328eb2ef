import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@newsgraph/db';

export interface Claim {
  contentHash: string;
  articleId: string;
  title: string;
}

/**
 * Persistent exact-duplicate index: content hash -> first article that claimed it.
 * Claims are one `INSERT ... ON CONFLICT DO NOTHING`, so any number of
 * deduplicator instances agree on the owner, and re-processing is harmless.
 */
@Injectable()
export class ExactClaimsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Claims each hash for its article (first in the list wins) and returns the owners. */
  async claim(claims: Claim[]): Promise<Map<string, { articleId: string; title: string }>> {
    if (claims.length === 0) return new Map();
    await this.prisma.$executeRaw`
      INSERT INTO dedup_exact_claims (content_hash, article_id, title)
      SELECT h, a, t FROM unnest(${claims.map((c) => c.contentHash)}::text[],
                                 ${claims.map((c) => c.articleId)}::text[],
                                 ${claims.map((c) => c.title)}::text[]) WITH ORDINALITY AS x(h, a, t, n)
      ORDER BY n
      ON CONFLICT (content_hash) DO NOTHING`;
    const rows = await this.prisma.$queryRaw<
      { content_hash: string; article_id: string; title: string }[]
    >(
      Prisma.sql`SELECT content_hash, article_id, title FROM dedup_exact_claims
                 WHERE content_hash = ANY(${[...new Set(claims.map((c) => c.contentHash))]}::text[])`,
    );
    return new Map(rows.map((r) => [r.content_hash, { articleId: r.article_id, title: r.title }]));
  }
}
