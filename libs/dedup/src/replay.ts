import type { RawArticle } from '@newsgraph/contracts';
import { exactOwnerOf, type Decision, type DedupEngine, type ExactOwner } from './dedup-engine';

/**
 * Runs articles through an engine as the service would, with the exact claims
 * (content hash, then URL; first wins) kept in memory instead of Postgres: for
 * evaluation and for checking the service against one engine.
 */
export class InMemoryDedup {
  /**
   * `claims` outlive an engine, as the Postgres tables do: pass another
   * instance's to continue after restoring its engine from a snapshot.
   */
  constructor(
    readonly engine: DedupEngine,
    readonly claims = {
      byHash: new Map<string, ExactOwner>(),
      byUrl: new Map<string, ExactOwner>(),
    },
  ) {}

  decide(article: RawArticle, offset: number): Decision {
    const { byHash, byUrl } = this.claims;
    const self = { articleId: article.articleId, title: article.title };
    if (!byHash.has(article.contentHash)) byHash.set(article.contentHash, self);
    if (article.url && !byUrl.has(article.url)) byUrl.set(article.url, self);
    const owner = byHash.get(article.contentHash)!;
    const urlOwner = article.url ? byUrl.get(article.url) : undefined;
    return this.engine.decide(article, offset, exactOwnerOf(article, owner, urlOwner));
  }
}

/**
 * Each article's story once every decision and move is applied, the highest
 * revision winning (what the projector stores), copies following their
 * canonical article.
 */
export function finalStories(decisions: Iterable<Decision>): Map<string, string> {
  const best = new Map<string, { story: string; revision: number }>();
  const canonicalOf = new Map<string, string>();
  const offer = (id: string, story: string, revision: number) => {
    const seen = best.get(id);
    if (!seen || revision >= seen.revision) best.set(id, { story, revision });
  };
  for (const d of decisions) {
    const { article, verdict, story } = d.deduped;
    offer(article.articleId, story.id, story.revision);
    if (verdict.duplicateOf) canonicalOf.set(article.articleId, verdict.duplicateOf);
    for (const m of d.moves) offer(m.articleId, m.story.id, m.story.revision);
  }
  const out = new Map<string, string>();
  for (const [id, own] of best) {
    const canonical = best.get(canonicalOf.get(id) ?? id);
    out.set(id, canonical && canonical.revision > own.revision ? canonical.story : own.story);
  }
  return out;
}
