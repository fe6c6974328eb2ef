import type { EnrichedArticle } from '@newsgraph/contracts';
import { latestPerArticle, uniqueBy } from './rows';

const event = (id: string, kind: 'unique' | 'exact'): EnrichedArticle =>
  ({ article: { articleId: id }, verdict: { kind } }) as unknown as EnrichedArticle;

describe('latestPerArticle', () => {
  it('keeps the last event of each article, ordered by last appearance', () => {
    const out = latestPerArticle([event('a', 'unique'), event('b', 'unique'), event('a', 'exact')]);
    expect(out.map((e) => [e.article.articleId, e.verdict.kind])).toEqual([
      ['b', 'unique'],
      ['a', 'exact'],
    ]);
  });
});

describe('uniqueBy', () => {
  it('keeps one item per key', () => {
    expect(uniqueBy([{ k: 1 }, { k: 2 }, { k: 1 }], (x) => String(x.k))).toHaveLength(2);
  });
});
