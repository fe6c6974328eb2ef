/**
 * Article text to a bag of weighted terms for story clustering.
 *
 * What tells two events of the same kind apart (two quakes, two arrests) is
 * rarely the vocabulary, which they share, but who, where and which numbers:
 * names, places, magnitudes, scores, tolls, weekdays. Those terms are weighted
 * up; function words are dropped; headline terms count more.
 */

export interface FeatureOptions {
  /** Multiplier for terms in the headline (default 2). */
  titleWeight: number;
  /** Multiplier for capitalised words inside a sentence: names, places (default 3). */
  entityWeight: number;
  /** Multiplier for numbers and weekdays: tolls, scores, magnitudes, when (default 2). */
  attributeWeight: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  titleWeight: 2,
  entityWeight: 3,
  attributeWeight: 2,
};

// Function words, reporting verbs and generic time words carry no event.
// Weekdays are deliberately absent: "on Sunday" pins an event within a week.
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before ' +
    'being below between both but by can could did do does doing down during each few for from ' +
    'further had has have having he her here hers herself him himself his how i if in into is it ' +
    'its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them ' +
    'themselves then there these they this those through to too under until up very was we were ' +
    'what when where which while who whom why will with would you your yours yourself yourselves ' +
    'said says say told according one two new mr mrs ms year years last first time people like ' +
    'get got may might many much made make us since week day days today yesterday tonight ' +
    "ago around still even another well back next it's he's she's that's i'm don't didn't"
  ).split(' '),
);
const WEEKDAYS = new Set('monday tuesday wednesday thursday friday saturday sunday'.split(' '));

/** A word, or a number with its separators ("4.6", "20-13", "$160", "9:27"). */
const TOKEN = /\p{L}[\p{L}\p{M}'’-]*|\$?\d+(?:[.,:/-]\d+)*/gu;
const SENTENCE_BREAK = /(?<=[.!?]["'”’)]?)\s+|\n+/u;

/**
 * Repairs numbers split by a stray space after their separator ("4. 6",
 * "200, 000", "2: 09", "a. m.") as some wire and scraped texts have them.
 */
export function normaliseNumbers(text: string): string {
  return text
    .replace(/(\d)([.,:]) (\d)/g, '$1$2$3')
    .replace(/\b([ap])\. ?m\./gi, (_, x: string) => `${x.toLowerCase()}m`);
}

/** English plural folding, enough to merge "quakes"/"quake" and "injuries"/"injury". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (
    word.length > 3 &&
    word.endsWith('s') &&
    !word.endsWith('ss') &&
    !word.endsWith('us') &&
    !word.endsWith('is')
  )
    return word.slice(0, -1);
  return word;
}

/**
 * The headline: the title when there is one, otherwise a first line that
 * reads like one (short, not ending as a sentence), as in feeds that put the
 * headline at the top of the body.
 */
export function splitHeadline(
  title: string | null | undefined,
  text: string,
): { headline: string; body: string } {
  if (title && title.trim()) return { headline: title.trim(), body: text };
  const trimmed = text.trimStart();
  const end = trimmed.indexOf('\n');
  const first = (end < 0 ? trimmed : trimmed.slice(0, end)).trim();
  const words = first.split(/\s+/).filter(Boolean).length;
  if (end > 0 && words > 0 && words <= 20 && !/[.!?]["'”’)]?$/u.test(first)) {
    return { headline: first, body: trimmed.slice(end + 1) };
  }
  return { headline: '', body: text };
}

const QUOTE_OR_HYPHEN = new Set([0x27, 0x2019, 0x2d]);
const isUpper = (ch: string) => ch !== ch.toLowerCase();

/** A token without possessive "'s" and surrounding quotes or hyphens ("Bush's" is "Bush"). */
function clean(token: string): string {
  let end = token.length;
  if (
    end > 2 &&
    (token[end - 1] === 's' || token[end - 1] === 'S') &&
    QUOTE_OR_HYPHEN.has(token.charCodeAt(end - 2))
  )
    end -= 2;
  let start = 0;
  while (start < end && QUOTE_OR_HYPHEN.has(token.charCodeAt(start))) start++;
  while (end > start && QUOTE_OR_HYPHEN.has(token.charCodeAt(end - 1))) end--;
  return start === 0 && end === token.length ? token : token.slice(start, end);
}

function addTerms(
  into: Map<string, number>,
  text: string,
  weight: number,
  headline: boolean,
  o: FeatureOptions,
) {
  for (const sentence of normaliseNumbers(text).split(SENTENCE_BREAK)) {
    let position = 0;
    for (const match of sentence.matchAll(TOKEN)) {
      const raw = clean(match[0]);
      const first = position++ === 0;
      if (!raw) continue;
      const lower = raw.toLowerCase();
      const c0 = raw.charCodeAt(0);
      const isNumber = c0 === 0x24 || (c0 >= 0x30 && c0 <= 0x39);
      if (!isNumber && (lower.length < 2 || STOPWORDS.has(lower))) continue;
      // A capital inside a sentence marks a name; at its start it says nothing,
      // nor in headlines (often Title Case), and all-caps words are shouting.
      const isEntity =
        !headline && !isNumber && !first && isUpper(raw[0]!) && raw !== raw.toUpperCase();
      const isAttribute = isNumber || WEEKDAYS.has(lower);
      const term = isNumber ? lower.replace(/,/g, '') : stem(lower);
      const w = weight * (isEntity ? o.entityWeight : isAttribute ? o.attributeWeight : 1);
      into.set(term, (into.get(term) ?? 0) + w);
    }
  }
}

/**
 * Term weights of an article: weighted counts, then sublinear (1 + ln n) so
 * a name repeated ten times does not drown everything else.
 */
export function articleTerms(
  title: string | null | undefined,
  text: string,
  o: FeatureOptions = DEFAULT_FEATURES,
): Map<string, number> {
  const { headline, body } = splitHeadline(title, text);
  const counts = new Map<string, number>();
  if (headline) addTerms(counts, headline, o.titleWeight, true, o);
  addTerms(counts, body, 1, false, o);
  for (const [term, n] of counts) counts.set(term, n >= 1 ? 1 + Math.log(n) : n);
  return counts;
}
