import { decodeCursor, encodeCursor, InvalidQueryError, pageSize, toPage } from './pagination';

describe('pagination', () => {
  it('round-trips cursors and rejects forged ones', () => {
    const cursor = { at: new Date('2020-03-01T10:00:00.000Z'), id: 'abc' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor('bm9wZQ')).toThrow(InvalidQueryError);
    expect(() => decodeCursor('!!!')).toThrow('after: is not a cursor returned by this API');
  });

  it('caps and validates page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow('first: must be at most 100');
    expect(() => pageSize(-1)).toThrow('first: must be a non-negative integer');
  });

  it('builds a page with one look-ahead row', () => {
    const rows = [1, 2, 3].map((n) => ({ id: String(n), at: new Date(n * 1000) }));
    const page = toPage(rows, 2, (r) => r);
    expect(page.nodes).toHaveLength(2);
    expect(page.hasNextPage).toBe(true);
    expect(decodeCursor(page.endCursor!).id).toBe('2');
  });
});
