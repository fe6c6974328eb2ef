/**
 * Words as the search index sees them: runs of letters, digits and combining
 * marks, lower-cased. Punctuation, apostrophes and hyphens separate words
 * ("covid-19" is "covid" then "19"), for documents and queries alike.
 */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const MARKS = /\p{M}+/gu;
const NEEDS_ESCAPE = /['\\]/;

/** Longer runs are not words (encoded blobs, URLs run together); they are skipped. */
export const MAX_WORD_LENGTH = 100;

// A scanner over char codes: a Unicode-class regex over the whole text cost
// ~0.4 µs a word, most of the time spent building an article's vector.
// 0 = not looked up yet, 1 = word character, 2 = separator; per UTF-16 unit, with
// surrogates (astral letters such as CJK extensions) always part of a word.
const classOf = new Uint8Array(65_536);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  classOf[c] = /[a-zA-Z0-9]/.test(ch) ? 1 : 2;
}
for (let c = 0xd800; c < 0xe000; c++) classOf[c] = 1;

function isWordUnit(code: number): boolean {
  let cls = classOf[code]!;
  if (cls === 0) {
    cls = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    classOf[code] = cls;
  }
  return cls === 1;
}

/** Calls `visit` with each word in order; `ascii` says it has no diacritics to fold. */
export function forEachWord(text: string, visit: (word: string, ascii: boolean) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordUnit(text.charCodeAt(i))) i++;
    const start = i;
    let ascii = true;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (!isWordUnit(code)) break;
      if (code > 127) ascii = false;
      i++;
    }
    if (i > start && i - start <= MAX_WORD_LENGTH) {
      visit(text.slice(start, i).toLowerCase(), ascii);
    }
  }
}

export function words(text: string): string[] {
  const out: string[] = [];
  forEachWord(text, (word) => out.push(word));
  return out;
}

/**
 * The word without diacritics ("erdoğan" -> "erdogan"), or null when it has none:
 * both forms are indexed, so a search typed without them still finds the name.
 */
export function folded(word: string): string | null {
  const plain = word.normalize('NFD').replace(MARKS, '').normalize('NFC');
  return plain !== word && plain.length > 0 ? plain : null;
}

/** A lexeme quoted for Postgres's tsvector and tsquery input syntax. */
export function quoteLexeme(lexeme: string): string {
  if (!NEEDS_ESCAPE.test(lexeme)) return `'${lexeme}'`;
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
