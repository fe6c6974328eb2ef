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

/** Code-unit order, the same in every process (unlike localeCompare). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last item per key, in key order. */
export function sortedUnique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.entries()].sort(([a], [b]) => compare(a, b)).map(([, item]) => item);
}

export interface StoredMention {
  start: number;
  end: number;
  entityId: string;
  surface: string;
  confidence: number;
}

/** An article's mentions as stored with it, in text order, one per span. */
export function mentionList(event: EnrichedArticle): StoredMention[] {
  const sorted = event.entities
    .flatMap((x) =>
      x.mentions.map((m) => ({
        start: m.start,
        end: m.end,
        entityId: x.id,
        surface: m.surface,
        confidence: m.confidence,
      })),
    )
    .sort((a, b) => a.start - b.start || a.end - b.end || compare(a.entityId, b.entityId));
  return sorted.filter(
    (m, i) => i === 0 || m.start !== sorted[i - 1]!.start || m.end !== sorted[i - 1]!.end,
  );
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
