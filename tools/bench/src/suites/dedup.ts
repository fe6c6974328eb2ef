import { NearDupIndex, fmix32 } from '@newsgraph/near-dup';
import { mb, prng } from '../measure';
import type { BenchSuite } from './index';

/**
 * Generates news-like prose: words from a pronounceable vocabulary drawn with
 * Zipf's law (as in real text, a few words are very common, so some 5-word
 * phrases recur across unrelated articles), sentences of 8-30 words,
 * paragraphs of 2-4 sentences.
 */
export class ProseGenerator {
  private readonly words: string[];
  private readonly logSize: number;
  readonly random: () => number;

  constructor(seed: number, vocabulary = 40_000) {
    this.random = prng(seed);
    const syllables = 'ka lo mi tre sa nor vel pan dri os tu ben gar li em ra sto cel un fa'.split(
      ' ',
    );
    const seen = new Set<string>();
    this.words = [];
    while (this.words.length < vocabulary) {
      const n = 1 + Math.floor(this.random() * 4);
      let w = '';
      for (let i = 0; i < n; i++) w += syllables[Math.floor(this.random() * syllables.length)];
      if (!seen.has(w)) {
        seen.add(w);
        this.words.push(w);
      }
    }
    this.logSize = Math.log(vocabulary + 1);
  }

  /** A word of Zipf rank r with probability about 1/r (inverse of the continuous CDF). */
  word(): string {
    const r = Math.floor(Math.exp(this.random() * this.logSize)) - 1;
    return this.words[Math.min(r, this.words.length - 1)]!;
  }

  sentence(words = 8 + Math.floor(this.random() * 23)): string {
    const out = new Array<string>(words);
    for (let i = 0; i < words; i++) out[i] = this.word();
    out[0] = out[0]!.charAt(0).toUpperCase() + out[0]!.slice(1);
    return out.join(' ') + '.';
  }

  /** About `words` words of prose in paragraphs. */
  article(words: number): string {
    const paragraphs: string[] = [];
    let count = 0;
    while (count < words) {
      const sentences: string[] = [];
      const n = 2 + Math.floor(this.random() * 3);
      for (let i = 0; i < n; i++) {
        const w = 8 + Math.floor(this.random() * 23);
        sentences.push(this.sentence(w));
        count += w;
      }
      paragraphs.push(sentences.join(' '));
    }
    // join() gives a flat string, as JSON.parse does for real input.
    return paragraphs.join('\n\n');
  }
}

/** A 32-hex-digit id like the project's article ids (same size in memory). */
export const hexId = (i: number) =>
  [fmix32(i), fmix32(i ^ 0x9e3779b9), fmix32(i + 0x7f4a7c15), fmix32(~i)]
    .map((x) => x.toString(16).padStart(8, '0'))
    .join('');

/** A syndicated copy: truncated, wrapped in site chrome, or copy-edited. */
function copyOf(text: string, kind: number, gen: ProseGenerator): string {
  const paragraphs = text.split('\n\n');
  switch (kind % 3) {
    case 0:
      return paragraphs.slice(0, Math.max(1, Math.ceil(paragraphs.length * 0.6))).join('\n\n');
    case 1:
      return `Home | World | Business | Sport\nAdvertisement\n\n${text}\n\nRead More:\n${gen.word()} ${gen.word()} ${gen.word()}\nShare this article`;
    default:
      return text.replace(/ ([a-z]+) ([a-z]+)\./g, (m, a: string, b: string) =>
        gen.random() < 0.3 ? ` ${a}.` : m.replace(b, b.toUpperCase()),
      );
  }
}

const memory = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
};

const ARTICLES = Number(process.env.BENCH_DEDUP_ARTICLES ?? 1_000_000);
const PROBE = 20_000;
const RECENT = 1000;
const COPY_SHARE = 0.05;

/**
 * Near-duplicate index at scale: fills one index with ARTICLES synthetic
 * ~600-word articles (5% of them copies of a recent one), reports add()
 * throughput (text to verdict, generation excluded) and the memory the index
 * holds per article (V8 heap plus typed-array buffers, after a full GC), then
 * times PROBE more articles against the full index.
 */
export const dedupSuite: BenchSuite = async () => {
  const lines: string[] = [];
  if (!(globalThis as { gc?: () => void }).gc)
    lines.push('warning: no --expose-gc, memory figures are rough');
  const gen = new ProseGenerator(20240601);
  // Copies are made from the last RECENT originals. The buffer is full before
  // memory is first measured, so its (constant) size does not count.
  const recent: { text: string; canonical: string }[] = [];
  for (let i = 0; i < RECENT; i++) recent.push({ text: gen.article(600), canonical: hexId(i) });
  let generated = 0;
  let generationNs = 0n;
  const next = () => {
    if (generated < RECENT) {
      const { text, canonical } = recent[generated++]!;
      return { id: canonical, text, expected: null };
    }
    const t0 = process.hrtime.bigint();
    const i = generated++;
    const id = hexId(i);
    let text: string;
    let expected: string | null = null;
    if (gen.random() < COPY_SHARE) {
      const source = recent[Math.floor(gen.random() * recent.length)]!;
      text = copyOf(source.text, i, gen);
      expected = source.canonical;
    } else {
      text = gen.article(600);
      recent[i % RECENT] = { text, canonical: id };
    }
    generationNs += process.hrtime.bigint() - t0;
    return { id, text, expected };
  };

  const before = memory();
  const index = new NearDupIndex({ capacity: 1 << 20 });
  let addNs = 0n;
  let copies = 0;
  let found = 0;
  let wrong = 0;
  const tally = (expected: string | null, duplicateOf: string | null) => {
    if (expected) {
      copies++;
      if (duplicateOf === expected) found++;
      else if (duplicateOf) wrong++;
    } else if (duplicateOf) wrong++;
  };
  for (let i = 0; i < ARTICLES; i++) {
    const { id, text, expected } = next();
    const t0 = process.hrtime.bigint();
    const v = index.add(id, text);
    addNs += process.hrtime.bigint() - t0;
    tally(expected, v.duplicateOf);
  }
  const after = memory();
  const perArticle = (after.heap + after.buffers - before.heap - before.buffers) / index.size;
  lines.push(
    `fill:      ${ARTICLES.toLocaleString('en')} articles (~600 words, ${(COPY_SHARE * 100).toFixed(0)}% copies) in ${(Number(addNs) / 1e9).toFixed(1)} s of add(): ${(ARTICLES / (Number(addNs) / 1e9)).toFixed(0)} articles/s (text generation ${(Number(generationNs) / 1e9).toFixed(1)} s, not counted)`,
    `memory:    ${mb(after.heap - before.heap)} heap + ${mb(after.buffers - before.buffers)} typed arrays for ${index.size.toLocaleString('en')} articles = ${perArticle.toFixed(0)} bytes/article (capacity ${index.options.capacity.toLocaleString('en')} preallocated, ${index.options.hashes} one-byte MinHashes, ${index.options.bands} bands, 32-hex-digit ids)`,
  );

  copies = found = wrong = 0;
  let probeNs = 0n;
  for (let i = 0; i < PROBE; i++) {
    const { id, text, expected } = next();
    const t0 = process.hrtime.bigint();
    const v = index.add(id, text);
    probeNs += process.hrtime.bigint() - t0;
    tally(expected, v.duplicateOf);
  }
  lines.push(
    `full:      ${PROBE.toLocaleString('en')} more articles against ${index.size.toLocaleString('en')} indexed: ${(PROBE / (Number(probeNs) / 1e9)).toFixed(0)} articles/s, ${(Number(probeNs) / 1e3 / PROBE).toFixed(0)} µs each`,
    `quality:   ${found} of ${copies} planted copies found (${((100 * found) / Math.max(1, copies)).toFixed(1)}%), ${wrong} wrong verdicts on ${PROBE.toLocaleString('en')}`,
  );

  const t0 = process.hrtime.bigint();
  const snapshot = index.serialize();
  const t1 = process.hrtime.bigint();
  NearDupIndex.restore(snapshot);
  const t2 = process.hrtime.bigint();
  lines.push(
    `snapshot:  ${mb(snapshot.byteLength)}, serialize ${(Number(t1 - t0) / 1e9).toFixed(2)} s, restore ${(Number(t2 - t1) / 1e9).toFixed(2)} s`,
  );
  return lines;
};
