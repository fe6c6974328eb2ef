import type { EnrichedArticle } from '@newsgraph/contracts';
import { latestPerArticle, sortedUnique } from './rows';

const event = (
  id: string,
  kind: 'unique' | 'exact',
  ingestedAt = '2020-01-01T00:00:00.000Z',
): EnrichedArticle =>
  ({ article: { articleId: id, ingestedAt }, verdict: { kind } }) as unknown as EnrichedArticle;

describe('latestPerArticle', () => {
  it('keeps the last event of each article, ordered by last appearance', () => {
    const out = latestPerArticle([event('a', 'unique'), event('b', 'unique'), event('a', 'exact')]);
    expect(out.map((e) => [e.article.articleId, e.verdict.kind])).toEqual([
      ['b', 'unique'],
      ['a', 'exact'],
    ]);
  });

  it('keeps the earliest ingestion time, as upserts across batches do', () => {
    const out = latestPerArticle([
      event('a', 'unique', '2020-01-02T00:00:00.000Z'),
      event('a', 'exact', '2020-01-03T00:00:00.000Z'),
    ]);
    expect(out[0]!.article.ingestedAt).toBe('2020-01-02T00:00:00.000Z');
    expect(out[0]!.verdict.kind).toBe('exact');
  });
});

describe('sortedUnique', () => {
  it('keeps one item per key', () => {
    expect(
      sortedUnique(
        [
          { k: 'b', v: 1 },
          { k: 'a', v: 2 },
          { k: 'b', v: 3 },
        ],
        (x) => x.k,
      ),
    ).toEqual([
      { k: 'a', v: 2 },
      { k: 'b', v: 3 },
    ]);
  });
});
