import {
  PG_TYPE_OID,
  binaryArray,
  float8Array,
  int4Array,
  int8Array,
  textArray,
} from './binary-arrays';

/** Reads a one-dimensional binary array back: [oid, elements as Buffers or null]. */
function read(buffer: Buffer): [number, (Buffer | null)[]] {
  const dimensions = buffer.readInt32BE(0);
  const oid = buffer.readUInt32BE(8);
  if (dimensions === 0) {
    expect(buffer.length).toBe(12);
    return [oid, []];
  }
  expect(dimensions).toBe(1);
  expect(buffer.readInt32BE(16)).toBe(1); // lower bound
  const elements: (Buffer | null)[] = [];
  let at = 20;
  for (let n = buffer.readInt32BE(12); n > 0; n--) {
    const length = buffer.readInt32BE(at);
    at += 4;
    elements.push(length < 0 ? null : buffer.subarray(at, at + length));
    at += Math.max(length, 0);
  }
  expect(at).toBe(buffer.length);
  expect(buffer.readInt32BE(4)).toBe(elements.includes(null) ? 1 : 0);
  return [oid, elements];
}

describe('binary arrays', () => {
  it('frames text with NULLs, empty strings and multi-byte characters', () => {
    const [oid, elements] = read(textArray(['a"b\\c', null, '', 'Erdoğan 東京', undefined]));
    expect(oid).toBe(PG_TYPE_OID.text);
    expect(elements.map((e) => e?.toString('utf8') ?? null)).toEqual([
      'a"b\\c',
      null,
      '',
      'Erdoğan 東京',
      null,
    ]);
  });

  it('writes an empty array without dimensions', () => {
    expect(read(textArray([]))).toEqual([PG_TYPE_OID.text, []]);
    expect(read(int8Array([]))).toEqual([PG_TYPE_OID.int8, []]);
  });

  it('writes int4, int8 and float8 big-endian, with NULLs', () => {
    const [oid4, ints] = read(int4Array([1, -2, null, 2 ** 31 - 1]));
    expect(oid4).toBe(PG_TYPE_OID.int4);
    expect(ints.map((e) => e?.readInt32BE(0) ?? null)).toEqual([1, -2, null, 2 ** 31 - 1]);

    const big = [
      0,
      1,
      -1,
      2 ** 32,
      -(2 ** 32) - 5,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
    ];
    const [oid8, longs] = read(int8Array([...big, null]));
    expect(oid8).toBe(PG_TYPE_OID.int8);
    expect(longs.map((e) => (e ? Number(e.readBigInt64BE(0)) : null))).toEqual([...big, null]);

    const [oidF, doubles] = read(float8Array([0.5, -1e300, null]));
    expect(oidF).toBe(PG_TYPE_OID.float8);
    expect(doubles.map((e) => e?.readDoubleBE(0) ?? null)).toEqual([0.5, -1e300, null]);
  });

  it('refuses numbers its integer type cannot hold', () => {
    expect(() => int4Array([2 ** 31])).toThrow(RangeError);
    expect(() => int4Array([1.5])).toThrow('not an int4 value: 1.5');
    expect(() => int8Array([2 ** 53])).toThrow(RangeError);
  });

  it('frames elements already in binary form', () => {
    const [oid, elements] = read(binaryArray(PG_TYPE_OID.tsvector, [Buffer.from([1, 2]), null]));
    expect(oid).toBe(PG_TYPE_OID.tsvector);
    expect(elements).toEqual([Buffer.from([1, 2]), null]);
  });
});
