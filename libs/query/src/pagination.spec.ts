import {
  decodeCursor,
  decodeOffset,
  encodeCursor,
  encodeOffset,
  InvalidQueryError,
  pageRequest,
  toPage,
} from './pagination';

describe('pagination', () => {
  it('round-trips cursors and rejects forged ones', () => {
    const cursor = { at: new Date('2020-03-01T10:00:00.000Z'), id: 'abc' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor('bm9wZQ')).toThrow(InvalidQueryError);
    expect(() => decodeCursor('!!!')).toThrow('after: is not a cursor returned by this API');
    expect(decodeOffset(encodeOffset(40))).toBe(40);
    expect(() => decodeOffset(encodeCursor(cursor))).toThrow('is not a cursor');
    expect(() => decodeOffset(encodeOffset(20_000))).toThrow('pages past 10000');
  });

  it('validates and caps Relay arguments', () => {
    expect(pageRequest({})).toEqual({ size: 20, backward: false, cursor: null });
    expect(pageRequest({ first: 100 }).size).toBe(100);
    expect(pageRequest({ last: 5, before: 'x' })).toEqual({ size: 5, backward: true, cursor: 'x' });
    expect(() => pageRequest({ first: 101 })).toThrow('first: must be at most 100');
    expect(() => pageRequest({ last: -1 })).toThrow('last: must be a non-negative integer');
    expect(() => pageRequest({ first: 1, last: 1 })).toThrow('last: cannot be combined with first');
  });

  it('builds pages with one look-ahead row in both directions', () => {
    const rows = [1, 2, 3].map(String);
    const forward = toPage(rows, { size: 2, backward: false, cursor: null }, (r) => r);
    expect(forward).toMatchObject({ nodes: ['1', '2'], hasNextPage: true, hasPreviousPage: false });
    const backward = toPage(rows, { size: 2, backward: true, cursor: 'c' }, (r) => r);
    expect(backward).toMatchObject({ nodes: ['2', '1'], hasNextPage: true, hasPreviousPage: true });
  });
});
