/**
 * Folding: the key under which names are indexed and looked up. Lowercase, no
 * diacritics, Latin letters that do not decompose spelled out in ASCII, so
 * "Erdoğan", "ERDOGAN" and "Erdogan" share one key.
 */

// Letters NFKD leaves alone (no combining mark to strip), spelled the way
// English-language news writes them.
const SPELLED: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  ŋ: 'ng',
  ſ: 's',
  ĸ: 'k',
  ŀ: 'l',
  ʻ: "'",
  ʼ: "'",
  ʿ: "'",
  ʾ: "'",
  '’': "'",
  '‘': "'",
  '`': "'",
  '´': "'",
};
const SPELLED_RE = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'g');
const MARKS_RE = /\p{M}+/gu;
// Printable ASCII needs only lowercasing: the common case, kept off the slow path.
const PLAIN_ASCII_RE = /^[\x20-\x7e]*$/;

/** Lowercase, accent-free form of one word or name (no whitespace changes). */
export function foldWord(text: string): string {
  if (PLAIN_ASCII_RE.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .replace(SPELLED_RE, (c) => SPELLED[c] ?? c)
    .toLowerCase();
}

/** Case- and accent-insensitive key of a whole name: folded words joined by one space. */
export function foldKey(text: string): string {
  return foldWord(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
