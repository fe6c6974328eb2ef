import { EdgeTable } from './int-list';

describe('EdgeTable', () => {
  const table = new EdgeTable(4);
  for (let parent = 0; parent < 2000; parent++) table.set(parent, parent % 7, parent + 1);

  it('finds every edge after growing, and no others', () => {
    expect(table.size).toBe(2000);
    for (let parent = 0; parent < 2000; parent++) {
      expect(table.get(parent, parent % 7)).toBe(parent + 1);
      expect(table.get(parent, (parent % 7) + 1)).toBe(-1);
    }
  });

  it('reads the three arrays of snapshots written before the triples', () => {
    const { slots, size } = table.arrays();
    const pick = (k: number) =>
      Int32Array.from({ length: slots.length / 3 }, (_, i) => slots[3 * i + k]!);
    const old = EdgeTable.fromArrays(pick(0), pick(1), pick(2), size);
    for (let parent = 0; parent < 2000; parent += 37)
      expect(old.get(parent, parent % 7)).toBe(parent + 1);
    const parents: number[] = [];
    old.forEachParent((p) => parents.push(p));
    expect(parents.sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });
});
