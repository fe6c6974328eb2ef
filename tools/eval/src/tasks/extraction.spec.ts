import { extractionScore, pagePrecision, pageRecall, shingleCounts, shingles } from './extraction';

describe('extraction metric', () => {
  it('makes 4-token shingles of \\w+ runs, with multiplicity', () => {
    const s = shingles('a b c d a b c d');
    expect(s.get(['a', 'b', 'c', 'd'].join('\u0001'))).toBe(2);
    expect([...s.values()].reduce((x, y) => x + y, 0)).toBe(5);
  });

  it('treats punctuation and spacing as separators and keeps Unicode letters and digits', () => {
    expect([...shingles('Ça va, Zoë? 2024_x — ok!').keys()]).toEqual([
      ['Ça', 'va', 'Zoë', '2024_x'].join('\u0001'),
      ['va', 'Zoë', '2024_x', 'ok'].join('\u0001'),
    ]);
  });

  it('makes one shingle of a text shorter than four tokens, none of an empty one', () => {
    expect([...shingles('just two').keys()]).toEqual(['just\u0001two']);
    expect(shingles('  ... ').size).toBe(0);
  });

  it('counts tp/fp/fn normalised to sum to one per page', () => {
    // truth: 3 shingles; prediction: 2 of them plus 2 others.
    const c = shingleCounts('a b c d e f', 'b c d e f x y');
    expect(c.tp).toBeCloseTo(2 / 5);
    expect(c.fp).toBeCloseTo(2 / 5);
    expect(c.fn).toBeCloseTo(1 / 5);
    expect(pagePrecision(c)).toBeCloseTo(0.5);
    expect(pageRecall(c)).toBeCloseTo(2 / 3);
  });

  it('counts repeated shingles against repeated truth (multiset)', () => {
    // truth holds "a b c d" twice (5 shingles), the prediction once.
    const c = shingleCounts('a b c d. a b c d.', 'a b c d');
    expect(c.tp).toBeCloseTo(1 / 5);
    expect(c.fn).toBeCloseTo(4 / 5);
    expect(pageRecall(c)).toBeCloseTo(1 / 5);
  });

  it('scores a perfect page 1 and an empty prediction 0 recall without a precision', () => {
    expect(pagePrecision(shingleCounts('a b c d e', 'a b c d e'))).toBe(1);
    const empty = shingleCounts('a b c d e', '');
    expect(pageRecall(empty)).toBe(0);
    expect(empty.tp + empty.fp).toBe(0);
  });

  it('averages precision and recall over pages, F1 of the averages', () => {
    const pages = [
      shingleCounts('a b c d e', 'a b c d e'),
      shingleCounts('a b c d e f', 'b c d e f x y'),
      shingleCounts('a b c d e', ''),
    ];
    const s = extractionScore(pages);
    // Precision over the two pages that predicted something, recall over all three.
    expect(s.precision).toBeCloseTo((1 + 0.5) / 2);
    expect(s.recall).toBeCloseTo((1 + 2 / 3 + 0) / 3);
    expect(s.f1).toBeCloseTo((2 * s.precision * s.recall) / (s.precision + s.recall));
  });
});
