import type { EnrichedArticle } from '@newsgraph/contracts';

/**
 * Within one batch the same article may come twice (re-delivery, re-import): the
 * result must equal applying them one by one, so the last event wins but keeps
 * the earliest ingestion time (what the upsert does across batches).
 */
export function latestPerArticle(events: EnrichedArticle[]): EnrichedArticle[] {
  const byId = new Map<string, EnrichedArticle>();
  for (const e of events) {
    const earlier = byId.get(e.article.articleId);
    byId.delete(e.article.articleId);
    const ingestedAt =
      earlier && earlier.article.ingestedAt < e.article.ingestedAt
        ? earlier.article.ingestedAt
        : e.article.ingestedAt;
    byId.set(e.article.articleId, { ...e, article: { ...e.article, ingestedAt } });
  }
  return [...byId.values()];
}

export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}
