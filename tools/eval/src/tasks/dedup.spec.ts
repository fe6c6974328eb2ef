import { ambiguityOf, pairCounts, pairScores, parseJsonl } from './dedup';

const items = (gold: string, predicted: string) =>
  gold.split('').map((g, i) => ({ gold: g, predicted: predicted[i]! }));

describe('pairwise duplicate metrics', () => {
  it('counts pairs inside predicted and gold groups', () => {
    // gold {0,1,2} {3,4}; predicted {0,1,3} {2} {4}
    const c = pairCounts(items('aaabb', 'xxyxz'));
    expect(c).toEqual({ truePositives: 1, falsePositives: 2, falseNegatives: 3, excluded: 0 });
    const s = pairScores(c);
    expect(s.precision).toBeCloseTo(1 / 3, 10);
    expect(s.recall).toBeCloseTo(1 / 4, 10);
    expect(s.f1).toBeCloseTo((2 * (1 / 3) * (1 / 4)) / (1 / 3 + 1 / 4), 10);
  });

  it('leaves out pairs between groups marked ambiguous, either way round', () => {
    const amb = new Map([['a', new Set(['b'])]]);
    expect(pairCounts(items('aaabb', 'xxyxz'), amb)).toEqual({
      truePositives: 1,
      falsePositives: 0,
      falseNegatives: 3,
      excluded: 2,
    });
    const reverse = new Map([['b', new Set(['a'])]]);
    expect(pairCounts(items('aaabb', 'xxyxz'), reverse).excluded).toBe(2);
  });

  it('scores a perfect and an empty prediction', () => {
    expect(pairScores(pairCounts(items('aab', 'xxy')))).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(pairScores(pairCounts(items('aab', 'xyz')))).toEqual({ precision: 1, recall: 0, f1: 0 });
    expect(pairScores(pairCounts(items('abc', 'xyz')))).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('reads ambiguity from the rows, symmetrically', () => {
    const rows = parseJsonl<Parameters<typeof ambiguityOf>[0][number]>(
      [
        '{"id":"1","title":null,"text":"x","gold":{"duplicateGroup":"a","ambiguousWithGroups":["b"]}}',
        '',
        '{"id":"2","title":null,"text":"y","gold":{"duplicateGroup":"b","ambiguousWithGroups":[]}}',
      ].join('\n'),
    );
    const amb = ambiguityOf(rows);
    expect(amb.get('a')).toEqual(new Set(['b']));
    expect(amb.get('b')).toEqual(new Set(['a']));
  });
});
