import { equalBytes32 } from './hash';
import { sketchText, type Sketch, type SketchParams } from './sketch';

export interface NearDupOptions {
  /** Words per shingle (default 5, as in the definition of a copy). */
  shingle?: number;
  /** MinHash values per article, one byte each, a multiple of 4 (default 96). */
  hashes?: number;
  /** LSH bands of one value each (default 16). */
  bands?: number;
  /**
   * Estimated containment (shared shingles over the shorter text's shingles)
   * from which an article counts as a copy (default 0.65). A copy shares at
   * least 80%; pairs at 50-80% are ambiguous; the middle of that band leaves
   * room for the estimate's noise (standard deviation about 0.05) either way.
   */
  threshold?: number;
  /** Articles kept; the oldest is evicted first (default 2^20). */
  capacity?: number;
  /** Articles older than this (ms, by the `at` given to add) are no longer matched. */
  maxAgeMs?: number;
  /** Entries visited per band and lookup, newest first: bounds time on skewed keys. */
  maxChain?: number;
  /** Seed of every hash: change it and all stored state is meaningless. */
  seed?: number;
}

export type NearDupKind = 'unique' | 'near';

export interface NearDupVerdict {
  kind: NearDupKind;
  /** The earliest-seen article of the copy's group, for copies; null otherwise. */
  duplicateOf: string | null;
  /** Estimated containment in [0, 1] for copies; 0 for unique articles. */
  similarity: number;
}

/** A match of a sketch against the index. */
export interface NearDupMatch {
  /** The matched article and the canonical article of its group. */
  id: string;
  canonical: string;
  similarity: number;
}

type Resolved = Required<NearDupOptions>;

const DEFAULTS: Resolved = {
  shingle: 5,
  hashes: 96,
  bands: 16,
  threshold: 0.65,
  capacity: 1 << 20,
  maxAgeMs: Number.POSITIVE_INFINITY,
  maxChain: 32,
  seed: 0x6e657773,
};

const MAGIC = 'newsgraph/near-dup@1';
/** Sequence numbers are rebased before they could overflow a Uint32. */
const REBASE_AT = 2 ** 31;

/**
 * Incremental near-duplicate index over a stream of articles.
 *
 * Each article is reduced to a MinHash sketch (see sketchText). Candidates are
 * the articles sharing one of `bands` LSH keys, found through per-band hash
 * chains, so a lookup touches a few entries instead of every article; each
 * candidate is verified by the containment its signature implies. Everything
 * lives in preallocated typed arrays used as a ring: the memory is fixed by
 * `capacity`, and the oldest article is overwritten first.
 *
 * Chains hold sequence numbers (slot = seq % capacity), never slots, so an
 * overwritten entry is recognised by its age and nothing needs unlinking.
 */
export class NearDupIndex {
  readonly options: Readonly<Resolved>;
  private readonly params: SketchParams;
  private readonly bucketMask: number;
  private readonly signatures: Uint8Array;
  private readonly signatureWords: Uint32Array;
  private readonly sizes: Uint32Array;
  /** Seconds since the epoch of each article's `at` (age eviction). */
  private readonly times: Uint32Array;
  /** Per band: bucket -> newest seq in it (0 = empty). */
  private readonly heads: Uint32Array;
  /** Per slot and band: the next older seq in the same bucket. */
  private readonly next: Uint32Array;
  private readonly ids: (string | undefined)[];
  private readonly canonicals: (string | undefined)[];
  /** The seq the next article gets; seqs start at 1 so that 0 means none. */
  private nextSeq = 1;
  private lastAt = 0;
  /** Fewest equal signature bytes that chance alone reaches once in 1/falseMatchRate pairs. */
  private readonly minEqual: number;

  constructor(options: NearDupOptions = {}) {
    const o: Resolved = { ...DEFAULTS, ...stripUndefined(options) };
    if (o.hashes % 4 !== 0 || o.hashes < 4)
      throw new Error('hashes must be a positive multiple of 4');
    if (o.bands < 1 || o.bands > o.hashes) throw new Error('bands must be in 1..hashes');
    if (o.capacity < 1 || o.capacity > 2 ** 28) throw new Error('capacity must be in 1..2^28');
    if (o.shingle < 1) throw new Error('shingle must be at least 1');
    this.options = Object.freeze(o);
    this.minEqual = chanceQuantile(o.hashes, 1 / 256, 1e-6);
    this.params = { shingle: o.shingle, hashes: o.hashes, bands: o.bands, seed: o.seed >>> 0 };
    // Half as many buckets as articles: bucket collisions only add a few
    // candidates, which verification rejects cheaply.
    let buckets = 1;
    while (buckets * 2 < o.capacity) buckets *= 2;
    this.bucketMask = buckets - 1;
    this.signatures = new Uint8Array(o.capacity * o.hashes);
    this.signatureWords = new Uint32Array(this.signatures.buffer);
    this.sizes = new Uint32Array(o.capacity);
    this.times = new Uint32Array(o.capacity);
    this.heads = new Uint32Array(buckets * o.bands);
    this.next = new Uint32Array(o.capacity * o.bands);
    this.ids = new Array<string | undefined>(o.capacity);
    this.canonicals = new Array<string | undefined>(o.capacity);
  }

  /** Articles currently matchable by capacity (age is checked on lookup). */
  get size(): number {
    return Math.min(this.nextSeq - 1, this.options.capacity);
  }

  /** The sketch this index would compute for a text. */
  sketch(text: string): Sketch {
    return sketchText(text, this.params);
  }

  /**
   * Classifies an article against everything added before it, then adds it.
   * `at` (ms since the epoch) only matters with maxAgeMs; it defaults to the
   * latest `at` seen, so a stream without times is never aged out.
   */
  add(id: string, text: string, at?: number): NearDupVerdict {
    return this.addSketch(id, this.sketch(text), at);
  }

  addSketch(id: string, sketch: Sketch, at?: number): NearDupVerdict {
    if (at !== undefined) this.lastAt = Math.max(this.lastAt, at);
    const now = at ?? this.lastAt;
    if (sketch.size === 0) return { kind: 'unique', duplicateOf: null, similarity: 0 };
    const match = this.match(sketch, now);
    const canonical = match ? match.canonical : id;
    this.insert(id, canonical, sketch, now);
    return match
      ? { kind: 'near', duplicateOf: match.canonical, similarity: match.similarity }
      : { kind: 'unique', duplicateOf: null, similarity: 0 };
  }

  /** The best match at or above the threshold, without adding anything. */
  match(sketch: Sketch, at: number = this.lastAt): NearDupMatch | null {
    if (sketch.size === 0) return null;
    const { bands, hashes, threshold, capacity, maxChain, maxAgeMs } = this.options;
    const oldest = this.nextSeq > capacity ? this.nextSeq - capacity : 1;
    const minTime = Number.isFinite(maxAgeMs) ? Math.floor((at - maxAgeMs) / 1000) : 0;
    const words = hashes >>> 2;
    const aligned = sketch.signature.byteOffset % 4 === 0;
    const query = aligned
      ? new Uint32Array(sketch.signature.buffer, sketch.signature.byteOffset, words)
      : new Uint32Array(0);
    const visited = new Set<number>();
    let best = -1;
    let bestSim = 0;
    for (let b = 0; b < bands; b++) {
      let seq = this.heads[b * (this.bucketMask + 1) + (sketch.bandKeys[b]! & this.bucketMask)]!;
      let prev = this.nextSeq;
      for (let steps = 0; seq >= oldest && seq < prev && steps < maxChain; steps++) {
        const slot = seq % capacity;
        if (this.times[slot]! < minTime) break; // older ones are further down the chain
        if (!visited.has(seq)) {
          visited.add(seq);
          let equal = 0;
          const base = slot * words;
          if (aligned) {
            for (let i = 0; i < words; i++)
              equal += equalBytes32(query[i]!, this.signatureWords[base + i]!);
          } else {
            const s = this.signatures;
            for (let i = 0; i < hashes; i++)
              if (s[slot * hashes + i] === sketch.signature[i]) equal++;
          }
          const sim =
            equal < this.minEqual ? 0 : containment(equal / hashes, sketch.size, this.sizes[slot]!);
          // Ties go to the older article: its group was there first.
          if (sim >= threshold && (sim > bestSim || (sim === bestSim && seq < best))) {
            best = seq;
            bestSim = sim;
          }
        }
        prev = seq;
        seq = this.next[slot * bands + b]!;
      }
    }
    if (best < 0) return null;
    const slot = best % capacity;
    return { id: this.ids[slot]!, canonical: this.canonicals[slot]!, similarity: bestSim };
  }

  private insert(id: string, canonical: string, sketch: Sketch, at: number): void {
    if (this.nextSeq >= REBASE_AT) this.rebase();
    const { bands, hashes, capacity } = this.options;
    const seq = this.nextSeq++;
    const slot = seq % capacity;
    this.signatures.set(sketch.signature, slot * hashes);
    this.sizes[slot] = sketch.size;
    this.times[slot] = Math.max(0, Math.floor(at / 1000));
    this.ids[slot] = id;
    this.canonicals[slot] = canonical;
    const stride = this.bucketMask + 1;
    for (let b = 0; b < bands; b++) {
      const head = b * stride + (sketch.bandKeys[b]! & this.bucketMask);
      this.next[slot * bands + b] = this.heads[head]!;
      this.heads[head] = seq;
    }
  }

  /**
   * Shifts every seq down by a multiple of the capacity (slots stay put) and
   * clears pointers to evicted entries, so seqs never wrap around.
   */
  private rebase(): void {
    const { capacity } = this.options;
    const oldest = this.nextSeq > capacity ? this.nextSeq - capacity : 1;
    const shift = Math.floor((oldest - 1) / capacity) * capacity;
    if (shift === 0) return;
    const fix = (a: Uint32Array) => {
      for (let i = 0; i < a.length; i++) {
        const s = a[i]!;
        a[i] = s >= oldest ? s - shift : 0;
      }
    };
    fix(this.heads);
    fix(this.next);
    this.nextSeq -= shift;
  }

  /**
   * The whole state as bytes: restore() gives an index that answers exactly
   * as this one would. Layout: magic, header length, JSON header, the typed
   * arrays, then the ids as JSON.
   */
  serialize(): Buffer {
    const { capacity } = this.options;
    const oldest = this.nextSeq > capacity ? this.nextSeq - capacity : 1;
    const ids: string[] = [];
    const canonicals: (number | string)[] = [];
    const position = new Map<string, number>();
    for (let seq = oldest; seq < this.nextSeq; seq++) {
      const slot = seq % capacity;
      const id = this.ids[slot]!;
      const canonical = this.canonicals[slot]!;
      position.set(id, ids.length);
      ids.push(id);
      // Canonicals still indexed are written as positions, evicted ones in full.
      const at = canonical === id ? ids.length - 1 : position.get(canonical);
      canonicals.push(at ?? canonical);
    }
    // Until the ring wraps, slots past nextSeq were never written: leave them out.
    const used = Math.min(this.nextSeq, capacity);
    const header = Buffer.from(
      JSON.stringify({
        magic: MAGIC,
        options: this.options,
        nextSeq: this.nextSeq,
        lastAt: this.lastAt,
        used,
      }),
    );
    const tail = Buffer.from(JSON.stringify({ ids, canonicals }));
    const { hashes, bands } = this.options;
    const arrays = [
      this.signatures.subarray(0, used * hashes),
      this.sizes.subarray(0, used),
      this.times.subarray(0, used),
      this.heads,
      this.next.subarray(0, used * bands),
    ];
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    return Buffer.concat([
      length,
      header,
      ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
      tail,
    ]);
  }

  static restore(bytes: Uint8Array): NearDupIndex {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as {
      magic: string;
      options: Resolved;
      nextSeq: number;
      lastAt: number;
      used?: number;
    };
    if (header.magic !== MAGIC) throw new Error('not a near-dup index snapshot');
    const o = { ...header.options, maxAgeMs: header.options.maxAgeMs ?? Number.POSITIVE_INFINITY };
    const index = new NearDupIndex(o);
    let offset = 4 + headerLength;
    const used = header.used ?? o.capacity;
    for (const a of [
      index.signatures.subarray(0, used * o.hashes),
      index.sizes.subarray(0, used),
      index.times.subarray(0, used),
      index.heads,
      index.next.subarray(0, used * o.bands),
    ]) {
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(
        buf.subarray(offset, offset + a.byteLength),
      );
      offset += a.byteLength;
    }
    const { ids, canonicals } = JSON.parse(buf.subarray(offset).toString('utf8')) as {
      ids: string[];
      canonicals: (number | string)[];
    };
    index.nextSeq = header.nextSeq;
    index.lastAt = header.lastAt;
    const oldest = index.nextSeq - ids.length;
    ids.forEach((id, i) => {
      const slot = (oldest + i) % o.capacity;
      const c = canonicals[i]!;
      index.ids[slot] = id;
      index.canonicals[slot] = typeof c === 'number' ? ids[c]! : c;
    });
    return index;
  }
}

/**
 * Containment of the smaller set in the larger one, from the fraction of
 * equal one-byte MinHash values. Unrelated values agree by chance 1 time in
 * 256, which is removed first; then |A ∩ B| = J (|A| + |B|) / (1 + J).
 */
export function containment(equalFraction: number, sizeA: number, sizeB: number): number {
  const chance = 1 / 256;
  const jaccard = Math.max(0, (equalFraction - chance) / (1 - chance));
  const shared = (jaccard * (sizeA + sizeB)) / (1 + jaccard);
  return Math.min(1, shared / Math.min(sizeA, sizeB));
}

/** Smallest m with P(Binomial(n, p) >= m) <= alpha. */
export function chanceQuantile(n: number, p: number, alpha: number): number {
  let term = (1 - p) ** n; // P(X = 0)
  let below = 0;
  for (let m = 0; m <= n; m++) {
    if (1 - below <= alpha) return m;
    below += term;
    term *= ((n - m) / (m + 1)) * (p / (1 - p));
  }
  return n + 1;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
