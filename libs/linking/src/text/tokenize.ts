import { foldWord } from './fold';

/** Token flags. */
export const CAP = 1; // first letter upper or title case
export const UPPER = 2; // every cased letter upper case, two or more letters
export const DIGIT = 4; // contains a digit
export const SENT_START = 8; // first word of a sentence, line or quotation
export const LOWER = 16; // first character a lower-case letter
export const LINE_START = 32; // first word of a line

/** What separates a token from the one before it. */
export const GAP_START = 0; // first token
export const GAP_SPACE = 1; // plain spaces, or ". " after an initial or abbreviation
export const GAP_JOIN = 2; // inside a written-together name: - ' & / .
export const GAP_BREAK = 3; // anything else: comma, newline, parenthesis, sentence end

// Words after which ". " does not end a sentence.
const ABBREVIATIONS = new Set(
  'mr mrs ms dr st mt jr sr gen sen rep gov lt col capt cmdr sgt prof rev hon inc co corp ltd no vs ft pres atty supt messrs mme mlle jan feb mar apr jun jul aug sep sept oct nov dec ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore pa penn tenn tex va vt wash wis wyo'.split(
    ' ',
  ),
);

const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const UPPER_START_RE = /^[\p{Lu}\p{Lt}]/u;
const LOWER_START_RE = /^\p{Ll}/u;
const HAS_LOWER_RE = /\p{Ll}/u;
const HAS_UPPER_RE = /\p{Lu}/u;
const HAS_DIGIT_RE = /\p{N}/u;
const SPACES_RE = /^[ \t\u00a0\u2009\u202f]+$/;
const JOINERS_RE = /^(?:[-‐'’.&·]| ?& ?)$/;
const SENTENCE_END_RE = /[.!?…]["'”’)\]]*\s|[\n\r:;]|["“«„]/;

/** An article's words as parallel arrays: offsets into the text, folded forms, flags, gaps. */
export class Tokens {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly flags: Uint8Array;
  readonly gap: Uint8Array;
  readonly folded: string[];

  constructor(
    readonly text: string,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    gaps: Uint8Array,
    folded: string[],
  ) {
    const n = folded.length;
    this.start = starts.length === n ? starts : starts.slice(0, n);
    this.end = ends.length === n ? ends : ends.slice(0, n);
    this.flags = flags.length === n ? flags : flags.slice(0, n);
    this.gap = gaps.length === n ? gaps : gaps.slice(0, n);
    this.folded = folded;
  }

  get length(): number {
    return this.folded.length;
  }

  surface(i: number, j: number = i): string {
    return this.text.slice(this.start[i]!, this.end[j]!);
  }

  has(i: number, flag: number): boolean {
    return (this.flags[i]! & flag) !== 0;
  }
}

const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;
const WORD_PART_RE = /[\p{L}\p{N}\p{M}]/u;

function isWordStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT_RE.test(String.fromCodePoint(text.codePointAt(i)!));
}

function isWordPart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  // A low surrogate continues the character its high surrogate started.
  if (c >= 0xdc00 && c <= 0xdfff) return i > 0 && isWordPart(text, i - 1);
  return WORD_PART_RE.test(String.fromCodePoint(text.codePointAt(i)!));
}

/** Shape flags of an ASCII word from its character codes, or -1 for other scripts. */
function asciiShape(word: string): number {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digit++;
    else return -1;
  }
  const first = word.charCodeAt(0);
  let f = digit ? DIGIT : 0;
  if (first >= 65 && first <= 90) {
    f |= CAP;
    if (upper >= 2 && lower === 0) f |= UPPER;
  } else if (first >= 97 && first <= 122) f |= upper ? CAP : LOWER;
  return f;
}

/** Abbreviations written with a period: not misspellings of names. */
export const isAbbreviation = (folded: string): boolean => ABBREVIATIONS.has(folded);

export function tokenize(text: string): Tokens {
  // A word takes a character and a separator at least: (length + 1) / 2 words at most.
  const most = (text.length + 1) >> 1;
  const starts = new Int32Array(most);
  const ends = new Int32Array(most);
  const flags = new Uint8Array(most);
  const gaps = new Uint8Array(most);
  const folded: string[] = [];
  let prevEnd = -1;
  let prevFolded = '';
  let prevFlags = 0;
  const length = text.length;
  let pos = 0;
  for (;;) {
    // The next run of letters and digits (marks inside): a char-code scan, with
    // the Unicode classes consulted only outside ASCII.
    while (pos < length && !isWordStart(text, pos)) pos++;
    if (pos >= length) break;
    const start = pos;
    pos++;
    while (pos < length && isWordPart(text, pos)) pos++;
    const word = text.slice(start, pos);
    let f = asciiShape(word);
    const ascii = f >= 0;
    if (!ascii) {
      f = 0;
      if (UPPER_START_RE.test(word)) {
        f |= CAP;
        if (word.length > 1 && !HAS_LOWER_RE.test(word) && /\p{Lu}.*\p{Lu}/u.test(word)) f |= UPPER;
      } else if (LOWER_START_RE.test(word)) {
        // "iOS", "eBay": capitals inside make a name.
        f |= HAS_UPPER_RE.test(word) ? CAP : LOWER;
      }
      if (HAS_DIGIT_RE.test(word)) f |= DIGIT;
    }
    let gap = GAP_START;
    if (prevEnd < 0) f |= SENT_START | LINE_START;
    else if (start === prevEnd + 1 && text.charCodeAt(prevEnd) === 32) gap = GAP_SPACE;
    else {
      const between = text.slice(prevEnd, start);
      const afterAbbreviation =
        (prevFlags & CAP) !== 0 && (prevFolded.length === 1 || ABBREVIATIONS.has(prevFolded));
      if (SPACES_RE.test(between)) gap = GAP_SPACE;
      else if (JOINERS_RE.test(between)) gap = GAP_JOIN;
      else if (afterAbbreviation && /^\.[ \t]+$/.test(between)) gap = GAP_SPACE;
      else {
        gap = GAP_BREAK;
        if (SENTENCE_END_RE.test(between)) f |= SENT_START;
        if (between.includes('\n')) f |= LINE_START;
      }
    }
    const key = ascii ? word.toLowerCase() : foldWord(word);
    const k = folded.length;
    starts[k] = start;
    ends[k] = start + word.length;
    flags[k] = f;
    gaps[k] = gap;
    folded.push(key);
    prevEnd = start + word.length;
    prevFolded = key;
    prevFlags = f;
  }
  return new Tokens(text, starts, ends, flags, gaps, folded);
}

/** The folded words of a name, as the index stores them. */
export function nameTokens(name: string): string[] {
  const out: string[] = [];
  for (const m of name.matchAll(TOKEN_RE)) out.push(foldWord(m[0]));
  return out;
}
