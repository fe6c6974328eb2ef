import { DedupEngine, finalStories, InMemoryDedup } from '@newsgraph/dedup';
import { syntheticArticles } from './synthetic';

/** The fault suite's fixed expectations hold for any interleaving of the partitions. */
describe('the fault suite input', () => {
  const input = syntheticArticles(2100);
  const byPartitionOrder = (rotate: number) => {
    // Same per-partition order (the first article of each event first), partitions interleaved differently.
    const groups = new Map<string, typeof input.articles>();
    for (const a of input.articles) {
      const key = input.stories.get(a.articleId)!;
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    const lists = [...groups.values()];
    const out: typeof input.articles = [];
    for (let round = 0; out.length < input.articles.length; round++)
      for (let g = 0; g < lists.length; g++) {
        const list = lists[(g + rotate) % lists.length]!;
        if (list[round]) out.push(list[round]!);
      }
    return out;
  };

  it.each([-1, 0, 3, 17])('gives the expected verdicts and stories (interleaving %i)', (rotate) => {
    const dedup = new InMemoryDedup(DedupEngine.create());
    // -1: the order it is sent in.
    const articles = rotate < 0 ? input.articles : byPartitionOrder(rotate);
    const decisions = articles.map((a, i) => dedup.decide(a, i));
    for (const d of decisions) {
      const { articleId } = d.deduped.article;
      const owner = input.copies.get(articleId) ?? null;
      expect([articleId, d.deduped.verdict.kind, d.deduped.verdict.duplicateOf]).toEqual([
        articleId,
        owner ? 'exact' : 'unique',
        owner,
      ]);
    }
    const final = finalStories(decisions);
    const wrong = [...input.stories].filter(([id, story]) => final.get(id) !== story);
    expect(wrong).toEqual([]);
  });

  it('decides the same when the deduplicator restarts from a snapshot', () => {
    const articles = byPartitionOrder(5);
    const whole = new InMemoryDedup(DedupEngine.create());
    const expected = articles.map((a, i) => whole.decide(a, i));
    for (const cut of [301, 1002, 1703]) {
      const first = new InMemoryDedup(DedupEngine.create());
      const before = articles.slice(0, cut).map((a, i) => first.decide(a, i));
      // The exact claims persist across the restart (Postgres); the engine comes from its snapshot.
      const restored = new InMemoryDedup(
        DedupEngine.restore(first.engine.serialize()),
        first.claims,
      );
      const after = articles.slice(cut).map((a, i) => restored.decide(a, cut + i));
      expect([...before, ...after]).toEqual(expected);
    }
  });
});
