import { fmix32, hash2 } from './hash';

/**
 * Lines shorter than this many words are kept only when they end like a
 * sentence: navigation bars, "Read More:" link lists, datelines, share
 * buttons and headlines are short and unpunctuated, body paragraphs are not.
 */
export const MIN_LINE_WORDS = 8;

const NOT_WORD = -1;
/** Folded code for non-ASCII code units: lower case, diacritics removed, or NOT_WORD. */
const folded = new Map<number, number>();

function foldNonAscii(code: number): number {
  let f = folded.get(code);
  if (f !== undefined) return f;
  const ch = String.fromCharCode(code);
  if (code >= 0xd800 && code <= 0xdfff) {
    // Half of an astral character (rare letters, emoji): keep it, unfolded.
    f = code;
  } else if (/\p{M}/u.test(ch)) {
    f = 0; // a combining mark: part of the word, contributes nothing
  } else if (/[\p{L}\p{N}]/u.test(ch)) {
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    f = base.length > 0 ? base.charCodeAt(0) : code;
  } else {
    f = NOT_WORD;
  }
  folded.set(code, f);
  return f;
}

const isClosing = (c: number) =>
  c === 0x22 || c === 0x27 || c === 0x29 || c === 0x2019 || c === 0x201d || c === 0xbb;
const isSentenceEnd = (c: number) => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;

/** Hash of each ASCII letter or digit under the last seed used (0 for other characters). */
const asciiHash = new Uint32Array(128);
let asciiSeed: number | undefined;

function useSeed(seed: number): void {
  if (asciiSeed === seed) return;
  asciiSeed = seed;
  for (let c = 0; c < 128; c++) {
    const f = c >= 65 && c <= 90 ? c + 32 : c;
    const word = (f >= 97 && f <= 122) || (f >= 48 && f <= 57);
    asciiHash[c] = word ? hash2(f, seed) || 1 : 0;
  }
}

let scratch: Uint32Array = new Uint32Array(4096);
let dropped: Uint32Array = new Uint32Array(1024);

function grow(buf: Uint32Array, need: number): Uint32Array {
  if (need <= buf.length) return buf;
  const next = new Uint32Array(Math.max(need, buf.length * 2));
  next.set(buf);
  return next;
}

/** Set by scanLine for the line it scanned. */
let lineEndsSentence = false;
let lineIsScript = false;
let kept = 0;

/** Appends the word hashes of text[start, end) to scratch; returns how many. */
function scanLine(text: string, start: number, end: number, seed: number): number {
  let words = 0;
  let inWord = false;
  let sum = 0;
  let wordLen = 0;
  let braces = false;
  let semicolon = false;
  let last = 0;
  let beforeLast = 0;
  if (scratch.length < kept + (end - start) + 1) scratch = grow(scratch, kept + (end - start) + 1);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Sum of per-letter hashes: equal for words with the same letters.
    let h: number;
    if (c < 128) {
      h = asciiHash[c]!;
      if (c === 0x7b || c === 0x7d) braces = true;
      else if (c === 0x3b) semicolon = true;
    } else {
      const f = foldNonAscii(c);
      h = f === NOT_WORD ? 0 : f === 0 ? -1 : hash2(f, seed) || 1;
    }
    if (c > 0x20 && c !== 0xa0) {
      beforeLast = last;
      last = c;
    }
    if (h !== 0) {
      if (h !== -1) {
        sum = (sum + h) | 0;
        wordLen++;
      }
      inWord = true;
    } else if (inWord) {
      scratch[kept++] = fmix32(sum ^ Math.imul(wordLen, 0x9e3779b1));
      words++;
      inWord = false;
      sum = 0;
      wordLen = 0;
    }
  }
  if (inWord) {
    scratch[kept++] = fmix32(sum ^ Math.imul(wordLen, 0x9e3779b1));
    words++;
  }
  lineEndsSentence = isSentenceEnd(last) || (isClosing(last) && isSentenceEnd(beforeLast));
  lineIsScript = braces && semicolon;
  return words;
}

/**
 * The words of an article body as 32-bit hashes, in order, after dropping
 * boilerplate lines (see MIN_LINE_WORDS, and lines of inline script). Words
 * are case- and accent-folded, and hashed as a multiset of letters, so
 * letter swaps ("teh", "adn") and -re/-er spellings still match: copy edits
 * must not break the shingles around them. If every line looks like
 * boilerplate the text is kept whole, so short items still get a sketch.
 */
export function wordHashes(text: string, seed: number): Uint32Array {
  useSeed(seed);
  kept = 0;
  let nDropped = 0;
  const len = text.length;
  let lineStart = 0;
  while (lineStart <= len) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = len;
    const lineFirst = kept;
    const words = scanLine(text, lineStart, lineEnd, seed);
    if (words > 0 && (lineIsScript || (words < MIN_LINE_WORDS && !lineEndsSentence))) {
      dropped = grow(dropped, nDropped + words);
      dropped.set(scratch.subarray(lineFirst, kept), nDropped);
      nDropped += words;
      kept = lineFirst;
    }
    lineStart = lineEnd + 1;
  }
  return kept > 0 ? scratch.slice(0, kept) : dropped.slice(0, nDropped);
}
