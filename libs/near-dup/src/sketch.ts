import { fmix32, hash2 } from './hash';
import { wordHashes } from './tokens';

export interface SketchParams {
  /** Words per shingle. */
  shingle: number;
  /** MinHash values kept per article (one byte each); a multiple of 4. */
  hashes: number;
  /** LSH bands: the first `bands` MinHash values, one value per band. */
  bands: number;
  seed: number;
}

/** What the index needs to know about one article. */
export interface Sketch {
  /** Distinct shingles in the text (0 for a text without words). */
  size: number;
  /** The low byte of each MinHash value: enough to estimate resemblance. */
  signature: Uint8Array;
  /** One 32-bit key per LSH band: articles sharing a key become candidates. */
  bandKeys: Uint32Array;
}

let shingles: Uint32Array = new Uint32Array(4096);
let seen = new Uint32Array(8192);
let seenStamp = new Uint32Array(8192);
let stamp = 0;

/** Counts distinct values with a reusable open-addressing table (no per-call allocation). */
function countDistinct(values: Uint32Array, n: number): number {
  let cap = seen.length;
  if (cap < n * 2) {
    while (cap < n * 2) cap *= 2;
    seen = new Uint32Array(cap);
    seenStamp = new Uint32Array(cap);
    stamp = 0;
  }
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    seenStamp.fill(0);
    stamp = 1;
  }
  const mask = cap - 1;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let j = v & mask;
    for (;;) {
      if (seenStamp[j] !== stamp) {
        seenStamp[j] = stamp;
        seen[j] = v;
        distinct++;
        break;
      }
      if (seen[j] === v) break;
      j = (j + 1) & mask;
    }
  }
  return distinct;
}

/**
 * Sketch of a text: word shingles, then one-permutation MinHash (each shingle
 * hashed once into one of `hashes` bins, minimum kept per bin) with optimal
 * densification for bins left empty by short texts. One hash per shingle
 * instead of one per shingle and permutation keeps it fast on long articles.
 */
export function sketchText(text: string, p: SketchParams): Sketch {
  return sketchWords(wordHashes(text, p.seed), p);
}

/** As sketchText, from word hashes (see wordHashes). */
export function sketchWords(words: Uint32Array, p: SketchParams): Sketch {
  const k = p.hashes;
  const n = words.length === 0 ? 0 : Math.max(1, words.length - p.shingle + 1);
  if (shingles.length < n) shingles = new Uint32Array(Math.max(n, shingles.length * 2));
  const w = Math.min(p.shingle, words.length);
  for (let i = 0; i < n; i++) {
    let h = p.seed;
    for (let j = 0; j < w; j++) h = Math.imul(((h << 5) | (h >>> 27)) ^ words[i + j]!, 0x9e3779b1);
    shingles[i] = fmix32(h ^ w);
  }
  const signature = new Uint8Array(k);
  const bandKeys = new Uint32Array(p.bands);
  if (n === 0) return { size: 0, signature, bandKeys };

  const mins = new Uint32Array(k).fill(0xffffffff);
  const filled = new Uint8Array(k);
  const valueSeed = p.seed ^ 0x5bd1e995;
  for (let i = 0; i < n; i++) {
    const h = shingles[i]!;
    const bin = h % k;
    const v = hash2(h, valueSeed);
    if (v <= mins[bin]!) {
      mins[bin] = v;
      filled[bin] = 1;
    }
  }
  // Optimal densification (Shrivastava 2017): an empty bin borrows from the
  // first filled bin along its own seeded probe sequence, the same sequence in
  // every document, so borrowed values still collide with the right probability.
  const values = new Uint32Array(k);
  for (let b = 0; b < k; b++) {
    if (filled[b]) {
      values[b] = mins[b]!;
      continue;
    }
    let from = -1;
    for (let attempt = 1; attempt <= 8 * k && from < 0; attempt++) {
      const j = hash2(b * 65599 + attempt, p.seed ^ 0x2545f491) % k;
      if (filled[j]) from = j;
    }
    if (from < 0) for (from = 0; !filled[from]; from++); // unreachable in practice
    values[b] = mins[from]!;
  }
  for (let b = 0; b < k; b++) signature[b] = hash2(values[b]!, b) & 0xff;
  for (let b = 0; b < p.bands; b++) bandKeys[b] = hash2(values[b]!, p.seed + b + 1);
  return { size: countDistinct(shingles, n), signature, bandKeys };
}
