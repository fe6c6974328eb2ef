import { bcubed } from './stories';

const items = (gold: string, predicted: string) =>
  gold.split('').map((g, i) => ({ gold: g, predicted: predicted[i]! }));

describe('BCubed', () => {
  it('averages per-item precision and recall', () => {
    // gold {0,1} {2}; predicted all together: precision 2/3, 2/3, 1/3; recall 1.
    const s = bcubed(items('aab', 'xxx'));
    expect(s.precision).toBeCloseTo(5 / 9, 10);
    expect(s.recall).toBe(1);
    expect(s.f1).toBeCloseTo((2 * (5 / 9)) / (5 / 9 + 1), 10);
  });

  it('penalises splitting in recall only', () => {
    const s = bcubed(items('aaaa', 'xxyy'));
    expect(s.precision).toBe(1);
    expect(s.recall).toBeCloseTo(0.5, 10);
  });

  it('is perfect for identical partitions whatever the labels', () => {
    expect(bcubed(items('aabbc', 'zzyyx'))).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(bcubed([])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
});
