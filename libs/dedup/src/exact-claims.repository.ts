import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@newsgraph/db';
import type { ExactOwner } from './dedup-engine';

export interface Claim {
  /** Claim key: a content hash, or a canonical URL. */
  key: string;
  articleId: string;
  title: string;
}

type ClaimTable = 'dedup_exact_claims' | 'dedup_url_claims';

/**
 * Persistent exact-duplicate indexes: content hash (and canonical URL) -> the
 * first article that claimed it. Claims are `INSERT ... ON CONFLICT DO NOTHING`
 * in input order, so re-processing the same sequence finds the same owners, and
 * the index never forgets (unlike the bounded near-duplicate window).
 */
@Injectable()
export class ExactClaimsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Owners of each article's content hash and URL, claimed in order (first wins). */
  async owners(
    articles: { articleId: string; title: string; contentHash: string; url: string | null }[],
  ): Promise<{ byHash: Map<string, ExactOwner>; byUrl: Map<string, ExactOwner> }> {
    const byHash = await this.claim(
      'dedup_exact_claims',
      'content_hash',
      articles.map((a) => ({ key: a.contentHash, articleId: a.articleId, title: a.title })),
    );
    const byUrl = await this.claim(
      'dedup_url_claims',
      'url',
      articles.flatMap((a) =>
        a.url ? [{ key: a.url, articleId: a.articleId, title: a.title }] : [],
      ),
    );
    return { byHash, byUrl };
  }

  private async claim(
    table: ClaimTable,
    column: 'content_hash' | 'url',
    claims: Claim[],
  ): Promise<Map<string, ExactOwner>> {
    if (claims.length === 0) return new Map();
    const t = Prisma.raw(table);
    const c = Prisma.raw(column);
    await this.prisma.$executeRaw`
      INSERT INTO ${t} (${c}, article_id, title)
      SELECT k, a, t FROM unnest(${claims.map((x) => x.key)}::text[],
                                 ${claims.map((x) => x.articleId)}::text[],
                                 ${claims.map((x) => x.title)}::text[]) WITH ORDINALITY AS x(k, a, t, n)
      ORDER BY n
      ON CONFLICT (${c}) DO NOTHING`;
    const rows = await this.prisma.$queryRaw<{ key: string; article_id: string; title: string }[]>`
      SELECT ${c} AS key, article_id, title FROM ${t}
      WHERE ${c} = ANY(${[...new Set(claims.map((x) => x.key))]}::text[])`;
    return new Map(rows.map((r) => [r.key, { articleId: r.article_id, title: r.title }]));
  }
}
