/**
 * 32-bit integer hashing. Everything the index stores is derived from these
 * seeded functions, so the same seed and input order always give the same
 * verdicts, on any machine and across restarts.
 */

/** MurmurHash3's finaliser: a cheap bijective mix with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a value under a seed (seeds give independent-looking functions). */
export function hash2(value: number, seed: number): number {
  return fmix32(Math.imul(value ^ seed, 0x9e3779b1) + Math.imul(seed, 0x27d4eb2f));
}

/** Number of bits set in a 32-bit integer. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** How many of the four bytes of `a` and `b` are equal (exact, branch-free). */
export function equalBytes32(a: number, b: number): number {
  const x = a ^ b;
  // A byte of x is zero iff adding 0x7f to its low 7 bits does not carry into
  // bit 7 and its own bit 7 is clear.
  const y = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
  return popcount32(y);
}
