import { allStemmers } from './stemming';
import { folded, quoteLexeme, words } from './tokens';

/** A search the index cannot answer; `message` says why, for the API's error. */
export class InvalidSearchError extends Error {
  override readonly name = 'InvalidSearchError';
}

/** Bounds the tsquery a single request can make Postgres evaluate. */
export const MAX_QUERY_WORDS = 32;

interface Term {
  negated: boolean;
  /** Words in order; more than one is a phrase ("…" or a hyphenated word). */
  words: string[];
}

/**
 * Web-search syntax (words, "quoted phrases", `or`, `-excluded`), as Postgres's
 * `websearch_to_tsquery` reads it: terms are ANDed, `or` binds tighter than AND.
 * Returns a tsquery literal built from the same words and stems as
 * `searchVector`. The query's language is unknown, so each word matches its
 * stem in any supported language, the word itself, and its form without
 * diacritics ("Erdogan" finds "Erdoğan").
 */
export function searchQuery(query: string): string {
  const clauses: Term[][] = [];
  let pendingOr = false;
  let count = 0;
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of query.matchAll(pattern)) {
    const quoted = match[2];
    let raw = quoted ?? match[3]!;
    let negated = match[1] === '-';
    if (quoted === undefined) {
      if (raw.toLowerCase() === 'or') {
        pendingOr = clauses.length > 0;
        continue;
      }
      if (raw.startsWith('-')) {
        negated = true;
        raw = raw.slice(1);
      }
    }
    const termWords = words(raw);
    if (termWords.length === 0) continue;
    count += termWords.length;
    if (count > MAX_QUERY_WORDS) {
      throw new InvalidSearchError(`at most ${MAX_QUERY_WORDS} words`);
    }
    const term = { negated, words: termWords };
    if (pendingOr) clauses[clauses.length - 1]!.push(term);
    else clauses.push([term]);
    pendingOr = false;
  }
  if (clauses.length === 0) throw new InvalidSearchError('has no words to search for');
  if (clauses.every((clause) => clause.every((t) => t.negated))) {
    // "-x" alone matches nearly everything and no index can serve it.
    throw new InvalidSearchError('needs at least one word that is not excluded');
  }
  return clauses
    .map((clause) => {
      const alternatives = clause.map(termQuery);
      return alternatives.length === 1 ? alternatives[0]! : `( ${alternatives.join(' | ')} )`;
    })
    .join(' & ');
}

function termQuery(term: Term): string {
  const phrase = term.words.map(wordQuery).join(' <-> ');
  const body = term.words.length > 1 ? `( ${phrase} )` : phrase;
  return term.negated ? `!${body}` : body;
}

function wordQuery(word: string): string {
  const forms = new Set<string>([word]);
  const plain = folded(word);
  for (const stemmer of allStemmers()) {
    forms.add(stemmer.stem(word));
    if (plain !== null) forms.add(stemmer.stem(plain));
  }
  if (plain !== null) forms.add(plain);
  const lexemes = [...forms].map(quoteLexeme);
  return lexemes.length === 1 ? lexemes[0]! : `( ${lexemes.join(' | ')} )`;
}
