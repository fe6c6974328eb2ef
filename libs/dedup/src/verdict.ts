import type { DedupedArticle, RawArticle } from '@newsgraph/contracts';

/**
 * The verdict for one article, given which article first claimed its content hash.
 * The claimant is canonical; later articles with the same text are exact copies
 * and join its story. Until story clustering lands, each canonical article opens
 * a story of its own.
 */
export function exactVerdict(
  article: RawArticle,
  owner: { articleId: string; title: string },
): DedupedArticle {
  const isCopy = owner.articleId !== article.articleId;
  return {
    schemaVersion: 1,
    article,
    verdict: isCopy
      ? { kind: 'exact', duplicateOf: owner.articleId, similarity: 1 }
      : { kind: 'unique', duplicateOf: null, similarity: 0 },
    story: { id: `s-${owner.articleId}`, title: owner.title },
  };
}
