import type { EnrichedArticle } from '@newsgraph/contracts';

/**
 * Within one batch the same article may come twice (re-delivery, re-import):
 * the last event wins, as it would have if they had come in separate batches.
 */
export function latestPerArticle(events: EnrichedArticle[]): EnrichedArticle[] {
  const byId = new Map<string, EnrichedArticle>();
  for (const e of events) {
    byId.delete(e.article.articleId);
    byId.set(e.article.articleId, e);
  }
  return [...byId.values()];
}

export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}
