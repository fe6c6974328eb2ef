import {
  NearDupIndex,
  chanceQuantile,
  containment,
  equalBytes32,
  popcount32,
  sketchText,
  wordHashes,
  type SketchParams,
} from './index';

/** Deterministic news-like prose: sentences of words drawn from a small lexicon. */
function prose(seed: number, sentences: number): string {
  const words = (
    'the minister said on police officials council river bridge election vote talks border ' +
    'company shares market report storm city village hospital court judge trial fire crew ' +
    'week monday night early government army rebels agreement meeting leaders region people ' +
    'two three hundred thousand killed injured arrested charged announced confirmed denied'
  ).split(' ');
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const n = 12 + Math.floor(next() * 14);
    const sentence = Array.from({ length: n }, () => words[Math.floor(next() * words.length)]!);
    sentence[0] = sentence[0]!.charAt(0).toUpperCase() + sentence[0]!.slice(1);
    out.push(`${sentence.join(' ')}.`);
  }
  // Three sentences per paragraph, as news bodies come.
  const paragraphs: string[] = [];
  for (let i = 0; i < out.length; i += 3) paragraphs.push(out.slice(i, i + 3).join(' '));
  return paragraphs.join('\n\n');
}

const small = { capacity: 256 };

describe('hash helpers', () => {
  it('counts equal bytes exactly', () => {
    let s = 7;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 2000; i++) {
      const a = next();
      const b = i % 3 === 0 ? a ^ (0xff << (8 * (i % 4))) : next();
      let naive = 0;
      for (let k = 0; k < 4; k++)
        if (((a >>> (8 * k)) & 0xff) === ((b >>> (8 * k)) & 0xff)) naive++;
      expect(equalBytes32(a, b)).toBe(naive);
    }
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0)).toBe(0);
  });
});

describe('wordHashes', () => {
  it('folds case, accents and letter swaps', () => {
    expect([...wordHashes('The Café said', 1)]).toEqual([...wordHashes('teh cafe SIAD', 1)]);
    expect([...wordHashes('the cafe said', 1)]).not.toEqual([...wordHashes('the cafe sad', 1)]);
  });

  it('drops short unpunctuated lines and inline script, keeps sentences', () => {
    const body = 'Police said the fire broke out early on Monday in the old town.';
    const noisy = [
      'Home | World | Politics | Sport',
      'Advertisement',
      body,
      'Read More:',
      'Storm closes bridge',
      "(function() {(window.slots = window.slots || []).push({id: 'x'});})();",
    ].join('\n');
    expect([...wordHashes(noisy, 1)]).toEqual([...wordHashes(body, 1)]);
    expect(wordHashes('Short line.', 1)).toHaveLength(2);
  });

  it('keeps an all-boilerplate text whole rather than dropping it', () => {
    expect(wordHashes('Storm closes bridge\nTalks resume', 1)).toHaveLength(5);
    expect(wordHashes('', 1)).toHaveLength(0);
  });
});

describe('sketchText', () => {
  const p: SketchParams = { shingle: 5, hashes: 96, bands: 16, seed: 3 };

  it('is deterministic and counts distinct shingles', () => {
    const text = prose(1, 20);
    const a = sketchText(text, p);
    const b = sketchText(text, p);
    expect(a).toEqual(b);
    expect(sketchText('a b c d e f g', p).size).toBe(3);
    expect(sketchText('a b c d e a b c d e', p).size).toBe(5);
    expect(sketchText('one two', p).size).toBe(1);
    expect(sketchText('...', p).size).toBe(0);
  });

  it('depends on the seed', () => {
    const text = prose(1, 20);
    expect(sketchText(text, p).signature).not.toEqual(
      sketchText(text, { ...p, seed: 4 }).signature,
    );
  });
});

describe('containment', () => {
  it('is 1 for equal signatures and 0 by chance level', () => {
    expect(containment(1, 100, 100)).toBe(1);
    expect(containment(1 / 256, 100, 100)).toBe(0);
    // Half of the larger set, fully containing the smaller: J = 0.5.
    expect(containment(0.5 + 0.5 / 256, 100, 200)).toBeCloseTo(1, 5);
  });

  it('finds the chance quantile of equal bytes', () => {
    expect(chanceQuantile(96, 1 / 256, 1e-6)).toBe(7);
    expect(chanceQuantile(96, 1 / 256, 1)).toBe(0);
  });
});

describe('NearDupIndex', () => {
  const original = prose(11, 30);

  it('marks exact, truncated, edited and wrapped copies as copies of the first article', () => {
    const index = new NearDupIndex(small);
    expect(index.add('a', original)).toEqual({ kind: 'unique', duplicateOf: null, similarity: 0 });
    expect(index.add('b', prose(12, 30)).kind).toBe('unique');

    const exact = index.add('c', original);
    expect(exact).toEqual({ kind: 'near', duplicateOf: 'a', similarity: 1 });

    const paragraphs = original.split('\n\n');
    const truncated = paragraphs.slice(0, 4).join('\n\n');
    expect(index.add('d', truncated)).toMatchObject({ kind: 'near', duplicateOf: 'a' });

    const edited = original.replace(/ the /g, ' teh ').replace(/said/g, 'siad');
    const wrapped = `Breaking News  Live TV\nHome | World | Sport\n\n${edited}\n\nRead More:\nStorm closes bridge\nShare this article`;
    const v = index.add('e', wrapped);
    expect(v).toMatchObject({ kind: 'near', duplicateOf: 'a' });
    expect(v.similarity).toBeGreaterThan(0.8);
  });

  it('points copies of copies at the earliest article', () => {
    const index = new NearDupIndex(small);
    const paragraphs = original.split('\n\n');
    index.add('first', paragraphs.slice(0, 6).join('\n\n'));
    expect(index.add('second', original).duplicateOf).toBe('first');
    expect(index.add('third', paragraphs.slice(3).join('\n\n')).duplicateOf).toBe('first');
  });

  it('keeps unrelated articles apart, however many there are', () => {
    const index = new NearDupIndex(small);
    for (let i = 0; i < 200; i++)
      expect(index.add(`x${i}`, prose(1000 + i, 10)).kind).toBe('unique');
  });

  it('ignores texts without words', () => {
    const index = new NearDupIndex(small);
    expect(index.add('empty', '  \n ').kind).toBe('unique');
    expect(index.add('empty2', '').kind).toBe('unique');
    expect(index.size).toBe(0);
  });

  it('forgets the oldest articles beyond its capacity', () => {
    const index = new NearDupIndex({ capacity: 8 });
    index.add('old', original);
    for (let i = 0; i < 7; i++) index.add(`f${i}`, prose(200 + i, 5));
    expect(index.add('copy1', original).duplicateOf).toBe('old');
    for (let i = 0; i < 8; i++) index.add(`g${i}`, prose(300 + i, 5));
    expect(index.add('copy2', original).kind).toBe('unique');
  });

  it('forgets articles older than maxAgeMs', () => {
    const index = new NearDupIndex({ ...small, maxAgeMs: 3_600_000 });
    index.add('a', original, Date.UTC(2024, 0, 1, 10));
    expect(index.add('b', original, Date.UTC(2024, 0, 1, 10, 30)).duplicateOf).toBe('a');
    // b was added at 10:30, so at 11:20 it is still in reach, a is not (but is b's canonical).
    expect(index.add('c', original, Date.UTC(2024, 0, 1, 11, 20)).duplicateOf).toBe('a');
    expect(index.add('d', original, Date.UTC(2024, 0, 1, 14)).kind).toBe('unique');
  });

  it('gives the same verdicts for the same input order', () => {
    const stream = Array.from({ length: 60 }, (_, i) => prose(i % 17, 8 + (i % 5)));
    const run = () => {
      const index = new NearDupIndex(small);
      return stream.map((text, i) => index.add(`n${i}`, text));
    };
    expect(run()).toEqual(run());
  });

  it('restores from serialize() to an index that answers the same', () => {
    const stream = Array.from({ length: 40 }, (_, i) => prose(i % 13, 6));
    const a = new NearDupIndex({ capacity: 16, maxAgeMs: 1e9 });
    stream.slice(0, 30).forEach((text, i) => a.add(`n${i}`, text, i * 1000));
    const b = NearDupIndex.restore(a.serialize());
    expect(b.options).toEqual(a.options);
    expect(b.size).toBe(16);
    const rest = stream.slice(30);
    expect(rest.map((t, i) => b.add(`m${i}`, t, (30 + i) * 1000))).toEqual(
      rest.map((t, i) => a.add(`m${i}`, t, (30 + i) * 1000)),
    );
    expect(() => NearDupIndex.restore(Buffer.from('\u0002\u0000\u0000\u0000{}'))).toThrow();
  });

  it('survives sequence rebasing', () => {
    const index = new NearDupIndex({ capacity: 4 });
    const texts = Array.from({ length: 13 }, (_, i) => prose(500 + i, 6));
    texts.forEach((t, i) => index.add(`r${i}`, t));
    const internals = index as unknown as { rebase(): void; nextSeq: number };
    internals.rebase();
    expect(internals.nextSeq).toBe(6);
    expect(index.add('copy', texts[12]!).duplicateOf).toBe('r12');
    expect(index.add('copy2', texts[10]!).duplicateOf).toBe('r10');
    expect(index.add('gone', texts[0]!).kind).toBe('unique');
  });

  it('rejects bad options', () => {
    expect(() => new NearDupIndex({ hashes: 10 })).toThrow();
    expect(() => new NearDupIndex({ bands: 0 })).toThrow();
  });
});
