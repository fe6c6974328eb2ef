import { Injectable } from '@nestjs/common';
import type { DedupedArticle, RawArticle } from '@newsgraph/contracts';
import { ExactClaimsRepository } from './exact-claims.repository';
import { exactVerdict } from './verdict';

@Injectable()
export class DedupService {
  constructor(private readonly claims: ExactClaimsRepository) {}

  /** Verdicts for a batch, in input order. */
  async deduplicate(articles: RawArticle[]): Promise<DedupedArticle[]> {
    const owners = await this.claims.claim(
      articles.map((a) => ({ contentHash: a.contentHash, articleId: a.articleId, title: a.title })),
    );
    return articles.map((article) => {
      const owner = owners.get(article.contentHash);
      if (!owner) throw new Error(`no claim recorded for content hash ${article.contentHash}`);
      return exactVerdict(article, owner);
    });
  }
}
