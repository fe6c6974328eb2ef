import { stemmerForLanguage } from './stemming';
import { folded, forEachWord, quoteLexeme } from './tokens';

// Postgres's tsvector limits: positions 1..16383, 256 positions per lexeme, and
// 1 MB of lexeme text; beyond them input is refused, so the vector stops short.
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 256;
const MAX_LEXEME_BYTES = 512 * 1024;

// Accent-folded forms of words, cached: words are few and repeat.
const foldings = new Map<string, string | null>();

function foldedCache(word: string): string | null {
  let plain = foldings.get(word);
  if (plain === undefined) {
    plain = folded(word);
    if (foldings.size >= 100_000) foldings.clear();
    foldings.set(word, plain);
  }
  return plain;
}

/** Each lexeme's positions (1-based, running from the title into the body). */
interface Lexemes {
  positions: Map<string, number[]>;
  /** The last title position: positions up to it weigh A, later ones B. */
  titleEnd: number;
}

function lexemes(title: string, body: string, language: string | null | undefined): Lexemes {
  const stemmer = stemmerForLanguage(language);
  const positions = new Map<string, number[]>();
  let bytes = 0;
  let position = 0;
  const add = (lexeme: string) => {
    let list = positions.get(lexeme);
    if (list === undefined) {
      const size = Buffer.byteLength(lexeme);
      if (bytes + size > MAX_LEXEME_BYTES) return;
      bytes += size;
      list = [];
      positions.set(lexeme, list);
    }
    if (list.length < MAX_POSITIONS_PER_LEXEME && list[list.length - 1] !== position) {
      list.push(position);
    }
  };
  const visit = (word: string, ascii: boolean) => {
    if (position < MAX_POSITION) position++;
    const stem = stemmer.stem(word);
    add(stem);
    const plain = ascii ? null : foldedCache(word);
    if (plain !== null) add(stemmer.stem(plain));
  };
  forEachWord(title, visit);
  const titleEnd = position;
  forEachWord(body, visit);
  return { positions, titleEnd };
}

/**
 * An article's full-text vector, in Postgres's tsvector input syntax, built here
 * rather than by `to_tsvector` in the database: parsing and stemming a news-sized
 * article costs Postgres about 0.85 ms of CPU, which capped the projector near
 * 1,200 articles/s on one core, while the projector scales out by instances.
 * Title words weigh A and body words B, positions run on from the title into the
 * body, as `setweight(to_tsvector(title), 'A') || setweight(to_tsvector(body), 'B')`
 * numbered them. `searchQuery` reads words the same way, so they always agree.
 */
export function searchVector(
  title: string,
  body: string,
  language: string | null | undefined,
): string {
  const { positions, titleEnd } = lexemes(title, body, language);
  const parts: string[] = [];
  for (const [lexeme, list] of positions) {
    let entry = quoteLexeme(lexeme) + ':';
    for (let i = 0; i < list.length; i++) {
      const at = list[i]!;
      entry += (i > 0 ? ',' : '') + at + (at <= titleEnd ? 'A' : 'B');
    }
    parts.push(entry);
  }
  return parts.join(' ');
}

// In a position word, the weight takes the top two bits: A is 3, B is 2.
const WEIGHT_A = 3 << 14;
const WEIGHT_B = 2 << 14;

/**
 * The same vector as `searchVector`, in tsvector's binary wire format
 * (`tsvectorrecv`): a lexeme count, then each lexeme NUL-terminated with its
 * position count and positions. Postgres reads it without the text parser,
 * which cost it about 0.13 ms per news article (see libs/projection/README.md).
 * Lexemes go in any order: Postgres sorts them, at about the cost a sort here
 * would have (measured: 50 us for 360 lexemes, about 7% of Postgres's write).
 */
export function searchVectorBinary(
  title: string,
  body: string,
  language: string | null | undefined,
): Buffer {
  const { positions, titleEnd } = lexemes(title, body, language);
  let size = 4;
  for (const [lexeme, list] of positions) size += Buffer.byteLength(lexeme) + 3 + 2 * list.length;
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32BE(positions.size, 0);
  for (const [lexeme, list] of positions) {
    at += out.write(lexeme, at);
    at = out.writeUInt8(0, at);
    at = out.writeUInt16BE(list.length, at);
    for (const position of list) {
      at = out.writeUInt16BE(position | (position <= titleEnd ? WEIGHT_A : WEIGHT_B), at);
    }
  }
  return out;
}
