import { newStemmer, type Stemmer } from 'snowball-stemmers';

/**
 * Snowball algorithms (the family Postgres's own stemmers come from) by ISO 639-1
 * code. Other languages are indexed unstemmed.
 */
const ALGORITHMS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  cs: 'czech',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  hu: 'hungarian',
  it: 'italian',
  ga: 'irish',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  es: 'spanish',
  sl: 'slovene',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
};

/** Articles without a language are treated as English, the feeds' usual one. */
const DEFAULT_LANGUAGE = 'en';

/** Words are few and repeat, so stems are cached; the cap bounds memory. */
const CACHE_LIMIT = 200_000;

class CachedStemmer {
  private readonly cache = new Map<string, string>();
  constructor(private readonly stemmer: Stemmer) {}

  stem(word: string): string {
    let stem = this.cache.get(word);
    if (stem === undefined) {
      // Some stemmers reduce a one-letter word to nothing, which no index can hold.
      stem = this.stemmer.stem(word) || word;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(word, stem);
    }
    return stem;
  }
}

const byAlgorithm = new Map<string, CachedStemmer>();

function stemmerFor(algorithm: string): CachedStemmer {
  let stemmer = byAlgorithm.get(algorithm);
  if (!stemmer) {
    stemmer = new CachedStemmer(newStemmer(algorithm));
    byAlgorithm.set(algorithm, stemmer);
  }
  return stemmer;
}

const identity = { stem: (word: string) => word };

/** The stemmer for a language code (ISO 639-1 or a BCP 47 tag); none for unknown ones. */
export function stemmerForLanguage(language: string | null | undefined): {
  stem(word: string): string;
} {
  const code = (language || DEFAULT_LANGUAGE).split('-')[0]!.toLowerCase();
  const algorithm = ALGORITHMS[code];
  return algorithm ? stemmerFor(algorithm) : identity;
}

/** Every distinct stemmer, for queries, which do not know the language of what they match. */
export function allStemmers(): { stem(word: string): string }[] {
  return [...new Set(Object.values(ALGORITHMS))].map(stemmerFor);
}
