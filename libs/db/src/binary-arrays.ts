/**
 * One-dimensional arrays in Postgres's binary format (what `array_recv` reads),
 * for statement parameters: node-postgres sends a Buffer parameter as binary.
 * A text literal (`{"...","..."}`), node-postgres's form for a JS array, has to
 * be escaped here and parsed by `array_in` there: for arrays of whole article
 * bodies that cost Postgres about 4% of the projector's write.
 *
 * The element type must be the one the statement casts the parameter to
 * (`$1::int8[]` takes int8 elements): Postgres refuses any other.
 */

/** Element type oids (pg_type) for the array header. */
export const PG_TYPE_OID = {
  int4: 23,
  int8: 20,
  text: 25,
  float8: 701,
  tsvector: 3614,
} as const;

const HEADER_BYTES = 20;

/** Writes the header of a one-dimensional array of `count` elements (count > 0). */
function writeHeader(out: Buffer, oid: number, count: number, hasNull: boolean): void {
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(hasNull ? 1 : 0, 4);
  out.writeUInt32BE(oid, 8);
  out.writeInt32BE(count, 12);
  out.writeInt32BE(1, 16); // lower bound
}

/** An empty array has no dimensions at all. */
function emptyArray(oid: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt32BE(oid, 8);
  return out;
}

/** Elements already in their type's binary form; null is SQL NULL. */
export function binaryArray(oid: number, elements: readonly (Buffer | null)[]): Buffer {
  if (elements.length === 0) return emptyArray(oid);
  let size = HEADER_BYTES;
  let hasNull = false;
  for (const element of elements) {
    size += 4 + (element?.length ?? 0);
    if (element === null) hasNull = true;
  }
  const out = Buffer.allocUnsafe(size);
  writeHeader(out, oid, elements.length, hasNull);
  let at = HEADER_BYTES;
  for (const element of elements) {
    at = out.writeInt32BE(element === null ? -1 : element.length, at);
    if (element !== null) at += element.copy(out, at);
  }
  return out;
}

/** A `text[]`; null and undefined are SQL NULL. */
export function textArray(values: readonly (string | null | undefined)[]): Buffer {
  if (values.length === 0) return emptyArray(PG_TYPE_OID.text);
  const lengths = new Array<number>(values.length);
  let size = HEADER_BYTES;
  let hasNull = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const length = value == null ? -1 : Buffer.byteLength(value);
    lengths[i] = length;
    if (length < 0) hasNull = true;
    size += 4 + Math.max(length, 0);
  }
  const out = Buffer.allocUnsafe(size);
  writeHeader(out, PG_TYPE_OID.text, values.length, hasNull);
  let at = HEADER_BYTES;
  for (let i = 0; i < values.length; i++) {
    at = out.writeInt32BE(lengths[i]!, at);
    if (lengths[i]! > 0) at += out.write(values[i]!, at);
  }
  return out;
}

/** A fixed-width numeric array; null and undefined are SQL NULL. */
function numericArray(
  oid: number,
  width: number,
  values: readonly (number | null | undefined)[],
  write: (out: Buffer, value: number, at: number) => void,
): Buffer {
  if (values.length === 0) return emptyArray(oid);
  let nulls = 0;
  for (const value of values) if (value == null) nulls++;
  const out = Buffer.allocUnsafe(
    HEADER_BYTES + 4 * values.length + width * (values.length - nulls),
  );
  writeHeader(out, oid, values.length, nulls > 0);
  let at = HEADER_BYTES;
  for (const value of values) {
    if (value == null) {
      at = out.writeInt32BE(-1, at);
    } else {
      at = out.writeInt32BE(width, at);
      write(out, value, at);
      at += width;
    }
  }
  return out;
}

function checkInteger(value: number, bits: 32 | 64): void {
  const ok =
    bits === 32
      ? Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31
      : Number.isSafeInteger(value);
  if (!ok) throw new RangeError(`not an int${bits / 8} value: ${value}`);
}

/** An `int4[]` (SQL `int[]`). */
export function int4Array(values: readonly (number | null | undefined)[]): Buffer {
  return numericArray(PG_TYPE_OID.int4, 4, values, (out, value, at) => {
    checkInteger(value, 32);
    out.writeInt32BE(value, at);
  });
}

/** An `int8[]` of safe integers. */
export function int8Array(values: readonly (number | null | undefined)[]): Buffer {
  return numericArray(PG_TYPE_OID.int8, 8, values, (out, value, at) => {
    checkInteger(value, 64);
    // Two's complement in two words: floor division keeps the low word unsigned.
    const high = Math.floor(value / 2 ** 32);
    out.writeInt32BE(high, at);
    out.writeUInt32BE(value - high * 2 ** 32, at + 4);
  });
}

/** A `float8[]`. */
export function float8Array(values: readonly (number | null | undefined)[]): Buffer {
  return numericArray(PG_TYPE_OID.float8, 8, values, (out, value, at) => {
    out.writeDoubleBE(value, at);
  });
}
