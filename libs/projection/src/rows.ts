import type { EnrichedArticle, StoryMove, StoryRef } from '@newsgraph/contracts';

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

/** Per story, the reference with the highest revision (its title is the newest). */
export function latestStoryRefs<S extends StoryRef>(refs: S[]): S[] {
  const byId = new Map<string, S>();
  for (const r of refs) {
    const seen = byId.get(r.id);
    if (!seen || r.revision >= seen.revision) byId.set(r.id, r);
  }
  return [...byId.values()];
}

/** Per article, the move with the highest revision. */
export function latestMovePerArticle(moves: StoryMove[]): StoryMove[] {
  const byId = new Map<string, StoryMove>();
  for (const m of moves) {
    const seen = byId.get(m.articleId);
    if (!seen || m.story.revision >= seen.story.revision) byId.set(m.articleId, m);
  }
  return [...byId.values()];
}
