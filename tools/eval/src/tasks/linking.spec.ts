import { addCounts, linkCounts, linkScores, type LinkingDoc } from './linking';

const doc: LinkingDoc = {
  id: 1,
  text: 'Emmanuel Macron met him in Paris on Monday with 3 aides.',
  labels: [
    { span: [0, 15], entity_id: 'Q3052772' },
    { span: [22, 25], entity_id: 'Q3052772', coref: true }, // "him": not counted
    { span: [29, 34], entity_id: 'Q90' },
    { span: [38, 44], entity_id: 'DATETIME' }, // not a QID: not counted
    { span: [50, 51], entity_id: 'QUANTITY' }, // starts with Q, still not a QID
  ],
};

describe('linkCounts', () => {
  it('counts exact (span, QID) pairs and only QID, non-coreference gold labels', () => {
    const counts = linkCounts(doc, [
      { span: [0, 15], entity_id: 'Q3052772' }, // true
      { span: [29, 34], entity_id: 'Q142' }, // right span, wrong entity: false
      { span: [9, 15], entity_id: 'Q3052772' }, // part of a gold span: false
    ]);
    expect(counts).toEqual({ truePositives: 1, falsePositives: 2, falseNegatives: 1, ignored: 0 });
  });

  it('ignores predictions overlapping gold labels that are not counted', () => {
    const counts = linkCounts(doc, [
      { span: [22, 25], entity_id: 'Q3052772' }, // coreference
      { span: [38, 44], entity_id: 'Q573' }, // a date
      { span: [50, 51], entity_id: 'Q200' }, // a quantity
      { span: [45, 49], entity_id: 'Q1' }, // "with": nothing there, false
    ]);
    expect(counts).toEqual({ truePositives: 0, falsePositives: 1, falseNegatives: 2, ignored: 3 });
  });

  it('counts a repeated prediction once', () => {
    const p = { span: [0, 15] as [number, number], entity_id: 'Q3052772' };
    expect(linkCounts(doc, [p, p]).truePositives).toBe(1);
  });
});

describe('linkScores', () => {
  it('gives micro precision, recall and F1 over documents', () => {
    const a = { truePositives: 3, falsePositives: 1, falseNegatives: 2, ignored: 0 };
    const b = { truePositives: 1, falsePositives: 1, falseNegatives: 0, ignored: 4 };
    const s = linkScores(addCounts(a, b));
    expect(s.precision).toBeCloseTo(4 / 6);
    expect(s.recall).toBeCloseTo(4 / 6);
    expect(s.f1).toBeCloseTo(4 / 6);
    expect(
      linkScores({ truePositives: 0, falsePositives: 0, falseNegatives: 0, ignored: 0 }),
    ).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
    });
  });
});
