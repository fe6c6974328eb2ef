/**
 * Spelling-variant matching for folded (lowercase ASCII-ish) words: a phonetic
 * key that survives transliteration differences, and a bounded edit distance
 * to confirm a candidate found through the key.
 */

// Rewrites applied in order so transliterations of one sound meet:
// Makron/Macron, Chruschtschow/Khrushchev, Youssef/Yusuf.
const REWRITES: [RegExp, string][] = [
  [/tsch|sch|shch|sh|sz|zh/g, 's'],
  [/ph/g, 'f'],
  [/ck|ch|kh|qu?|c(?![eiy])/g, 'k'],
  [/gh/g, 'g'],
  [/c/g, 's'],
  [/dh|th/g, 't'],
  [/x/g, 'ks'],
  [/z/g, 's'],
  [/w/g, 'v'],
  [/j/g, 'y'],
];

/**
 * Sound skeleton after sound-alike rewrites: every vowel group becomes "a", h
 * after the first letter disappears, doubled consonants collapse.
 * "emmanuel" and "emanuelle" → "amanal"; "idlib" and "idleb" → "adlab";
 * "makron" and "macron" → "makran".
 */
export function phoneticKey(folded: string): string {
  let key = keyCache.get(folded);
  if (key === undefined) {
    key = computeKey(folded);
    if (keyCache.size >= 100_000) keyCache.clear();
    keyCache.set(folded, key);
  }
  return key;
}

// Names recur from article to article: their keys are computed once.
const keyCache = new Map<string, string>();

function computeKey(folded: string): string {
  let s = folded.replace(/[^a-z]/g, '');
  if (!s) return '';
  for (const [re, to] of REWRITES) s = s.replace(re, to);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === 'h' && i > 0) continue;
    const v = c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y' ? 'a' : c;
    if (v !== out[out.length - 1]) out += v;
  }
  // A final vowel comes and goes between spellings (Emanuelle/Emmanuel).
  return out.length > 2 && out.endsWith('a') ? out.slice(0, -1) : out;
}

/**
 * The key with one letter removed at each position but the first (query side of
 * a symmetric-delete lookup; a word's first sound is rarely what a misspelling loses).
 */
export function keyDeletions(key: string): string[] {
  const out = new Set<string>();
  for (let i = 1; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  out.delete(key);
  return [...out];
}

const row0 = new Int32Array(64);
const row1 = new Int32Array(64);
const row2 = new Int32Array(64);

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition),
 * giving up with `max + 1` once the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0 || m === 0) return Math.max(n, m);
  if (m >= 63) return max + 1;
  let prev2 = row2;
  let prev = row0;
  let cur = row1;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let best = cur[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/**
 * 1 for equal words, falling with the share of letters edited; 0 below `floor`
 * (the distance computation gives up early there).
 */
export function spellingSimilarity(a: string, b: string, floor = 0.5): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  const max = Math.max(1, Math.floor(longest * (1 - floor)));
  const d = editDistance(a, b, max);
  return d > max ? 0 : 1 - d / longest;
}
