import type { EntityType, LinkedEntity, Mention } from '@newsgraph/contracts';
import {
  KnowledgeIndex,
  N_ABBREVIATION,
  N_ACRONYM,
  N_DERIVED,
  N_DISPLAY,
  N_ENGLISH,
  N_LABEL,
  N_LOWER,
  P_FIRST,
  P_LAST,
  P_SHORT,
  type FuzzyToken,
} from '../index/knowledge-index';
import { keyDeletions, phoneticKey, spellingSimilarity } from '../text/fuzzy';
import { englishWordHashes } from '../text/lexicon';
import { HashSet32, wordHash } from '../text/word-hash';
import {
  CAP,
  DIGIT,
  GAP_BREAK,
  GAP_JOIN,
  GAP_SPACE,
  LINE_START,
  LOWER,
  SENT_START,
  isAbbreviation,
  tokenize,
  UPPER,
  type Tokens,
} from '../text/tokenize';
import {
  ACRONYM_SKIP,
  GEO_MODIFIERS,
  NAME_CONNECTORS,
  ORGANISATION_HEADS,
  PERSON_TITLES,
  PLACE_HEADS,
  STOPWORDS,
} from '../text/words';
import { nilId } from './nil';

export interface LinkerOptions {
  /** Also link lower-case common nouns the knowledge base lists ("selfie"). Off: news graphs want names. */
  linkConcepts?: boolean;
  /** Knowledge-base links below this confidence are dropped (the name may still become a NIL entity). */
  minConfidence?: number;
  /** Report names the knowledge base does not know as NIL entities. */
  nil?: boolean;
}

export interface LinkOptions {
  /** Leading characters of the text that are the headline (weighs in salience). */
  titleLength?: number;
}

/** One linked mention: a knowledge-base entity (`entity` ≥ 0) or a NIL name (`entity` = -1). */
export interface MentionLink {
  start: number;
  end: number;
  surface: string;
  /** Index of the entity in the knowledge index, or -1 for NIL. */
  entity: number;
  /** Entity id: the QID, the KB's own id, or `nil:<type>:<name>`. */
  id: string;
  name: string;
  type: EntityType;
  confidence: number;
}

type How = 'exact' | 'derived' | 'acronym' | 'concept' | 'part' | 'fuzzy' | 'doc';

interface Candidate {
  e: number;
  /** How well the words match a name of the entity, in [0, 1]. */
  evidence: number;
  how: How;
}

interface Span {
  i: number;
  j: number;
  cands: Map<number, Candidate>;
  /** A run of capitalised words: may become a NIL entity when nothing fits. */
  proposal: boolean;
  /** A person title stood right before the name ("President", "Mrs"). */
  titled: boolean;
  /** A word of a title-case headline: capitals say nothing there. */
  headline: boolean;
  /** NIL name this span abbreviates ("Moreton" for "Michael Moreton"). */
  nilName?: string;
  nilType?: EntityType;
  alternatives?: { t: number; sim: number }[][];
  /** Context scores of candidates, computed once per span. */
  context?: Map<number, number>;
  /** The folded words, joined (computed once). */
  key?: string;
  /** Candidates changed since the last choice. */
  dirty?: boolean;
  /** The last choice made for the span. */
  choice?: Choice | null;
}

interface Choice {
  span: Span;
  e: number;
  score: number;
  confidence: number;
  /** Name evidence of the chosen candidate. */
  evidence: number;
  /** Character offsets when the mention is not exactly its tokens ("Ready for It?"). */
  start?: number;
  end?: number;
  how: How | 'nil';
}

const EVIDENCE = {
  display: 1,
  label: 0.93,
  alias: 0.88,
  derived: 0.8,
  acronym: 0.55,
  concept: 0.8,
  personLast: 0.66,
  personFirst: 0.42,
  orgFirst: 0.58,
  otherPart: 0.4,
  multiPart: 0.8,
  doc: 0.95,
  docVariant: 0.75,
};

const NIL_PRIORITY = 0.45;
const CONTEXT_WEIGHT = 0.25;
// How English makes adjectives of place names: suffix of the adjective → endings
// of the place name ("Syrian" → "Syri" + "a", "Turkish" → "Turk" + "ey").
const DEMONYM_RULES: [string, string[]][] = [
  ['ian', ['ia', 'y', 'a', '', 'e']],
  ['an', ['a', '', 'o', 'e', 'any']],
  ['ese', ['a', '', 'e']],
  ['ish', ['ey', 'y', 'ain', 'and', 'en', 'ark', '']],
  ['i', ['', 'a']],
  ['ic', ['ia', 'y', '']],
  ['n', ['']],
];
const IRREGULAR_DEMONYMS = new Set(
  'french dutch swiss greek welsh thai english irish scottish spanish danish finnish norwegian filipino'.split(
    ' ',
  ),
);
/** Lower-case particles hyphenated to Arabic names. */
const PARTICLES = new Set([
  'al',
  'el',
  'ad',
  'ar',
  'as',
  'at',
  'az',
  'ash',
  'an',
  'ibn',
  'bin',
  'abu',
  'abdel',
]);
const MAX_NAME_CANDIDATES = 24;
/** Legal-form words after a company name, part of its mention. */
const CORPORATE_SUFFIXES = new Set(
  'inc corp corporation co ltd plc llc ag sa nv gmbh spa bv lp llp'.split(' '),
);
/** Priority per extra word: the longer of two overlapping mentions usually is the name. */
const LENGTH_PRIORITY = 0.15;
const BEAM = 8;

/**
 * Finds the entities of a text without a trained model: every knowledge-base name
 * in the text (a walk of the name trie from each word), capitalised runs as name
 * proposals, spelling variants through phonetic keys, partial names and acronyms
 * resolved against the article's own full names, then disambiguation by name
 * evidence, popularity, context words and coherence, with a confidence per link.
 */
export class EntityLinker {
  private readonly linkConcepts: boolean;
  private readonly minConfidence: number;
  private readonly reportNil: boolean;
  /** Scratch: base scores of a span's candidates. */
  private bases = new Float64Array(64);

  constructor(
    readonly index: KnowledgeIndex,
    options: LinkerOptions = {},
  ) {
    this.linkConcepts = options.linkConcepts ?? false;
    this.minConfidence = options.minConfidence ?? 0.3;
    this.reportNil = options.nil ?? true;
    englishWordHashes(); // loaded now rather than during the first article
  }

  /** Entities of the text with their mentions, salience and confidences. */
  link(text: string, options: LinkOptions = {}): LinkedEntity[] {
    return groupMentions(this.mentions(text), options.titleLength ?? 0, text.length);
  }

  /** Every linked mention, in text order. */
  mentions(text: string): MentionLink[] {
    const tk = tokenize(text);
    const n = tk.length;
    if (n === 0) return [];
    return this.linkArticle(new DocContext(this.index, tk));
  }

  private linkArticle(doc: DocContext): MentionLink[] {
    const n = doc.tk.length;
    const spans = new Map<number, Span>();
    const spanAt = (i: number, j: number): Span => {
      const key = i * (n + 1) + j;
      let span = spans.get(key);
      if (!span) {
        span = { i, j, cands: new Map(), proposal: false, titled: false, headline: false };
        spans.set(key, span);
      }
      return span;
    };
    this.exactMatches(doc, spanAt);
    const proposals = this.proposals(doc, spanAt);
    const single = (span: Span) => this.contentOf(doc, span).length === 1;
    for (const span of proposals) {
      this.spellingCandidates(doc, span);
      if (!single(span)) this.partialCandidates(doc, span);
    }
    for (const span of this.joinedProposals(doc, proposals, spanAt)) {
      this.spellingCandidates(doc, span);
      this.partialCandidates(doc, span);
      // "Iraq and Iran" is two names unless the KB's name has the "and" too.
      for (const e of span.cands.keys())
        if (!/ and | & |&/i.test(this.index.name(e))) span.cands.delete(e);
    }

    // First pass without coherence; its choices then resolve partial names,
    // acronyms and variants against the article's own full names.
    let chosen = this.select(doc, [...spans.values()], null);
    this.resolveInDocument(doc, chosen, proposals);
    // Lone words the article does not explain may still be short for a KB name.
    for (const span of proposals) {
      if (single(span) && ![...span.cands.values()].some((c) => c.how === 'doc'))
        this.partialCandidates(doc, span);
    }
    chosen = this.select(doc, [...spans.values()], chosen);
    chosen = this.lowerCaseVariants(doc, chosen);
    this.adjustBoundaries(doc, chosen);
    return this.toMentions(doc, chosen);
  }

  private exactMatches(doc: DocContext, spanAt: (i: number, j: number) => Span): void {
    const { index, tk } = doc;
    const n = tk.length;
    for (let i = 0; i < n; i++) {
      // Names start with a capital or a digit; lower-case starts only for common nouns.
      if (!this.linkConcepts && tk.has(i, LOWER)) continue;
      if (doc.token(i) < 0) continue;
      let node = 0;
      for (let j = i; j < n; j++) {
        if (j > i && (tk.gap[j] === GAP_BREAK || index.isLeaf(node))) break;
        const t = doc.token(j);
        if (t < 0) break;
        node = index.child(node, t);
        if (node < 0) break;
        const from = index.postingStart(node);
        // The most popular holders of a very ambiguous name are enough.
        const to = Math.min(index.postingEnd(node), from + MAX_NAME_CANDIDATES);
        if (from === to || !doc.nameable(i, j)) continue;
        for (let k = from; k < to; k++) {
          const candidate = this.exactCandidate(
            doc,
            i,
            j,
            index.postEntity[k]!,
            index.postFlags[k]!,
          );
          if (candidate) addCandidate(spanAt(i, j), candidate);
        }
      }
    }
  }

  /** Evidence of an exact (folded) name match, given how the text writes it. */
  private exactCandidate(
    doc: DocContext,
    i: number,
    j: number,
    e: number,
    flags: number,
  ): Candidate | null {
    const { tk } = doc;
    const lower = doc.allLower(i, j);
    if (flags & N_ABBREVIATION) {
      // "Calif." only with its period, or after a comma ("Charleston, W. Va").
      const after = tk.text[tk.end[j]!];
      const before = i > 0 ? tk.text.slice(tk.end[i - 1]!, tk.start[i]!) : '';
      return after === '.' || before.includes(',')
        ? { e, evidence: EVIDENCE.derived, how: 'derived' }
        : null;
    }
    if (flags & N_ACRONYM) {
      // "FDA" as one word in capitals, or "U.S." as capital letters joined by periods.
      let initials = i < j;
      for (let k = i; k <= j && initials; k++) {
        initials =
          tk.folded[k]!.length === 1 && tk.has(k, CAP) && (k === i || tk.gap[k] === GAP_JOIN);
      }
      return (i === j && tk.has(i, UPPER)) || initials
        ? { e, evidence: initials ? EVIDENCE.derived : EVIDENCE.acronym, how: 'acronym' }
        : null;
    }
    if (flags & N_LOWER) {
      if (!this.linkConcepts) return null;
      // A common noun: in lower case, or capitalised only because it opens a sentence.
      if (lower || (i === j && tk.has(i, SENT_START) && !tk.has(i, UPPER))) {
        return { e, evidence: EVIDENCE.concept, how: 'concept' };
      }
      return null;
    }
    if (lower) return null; // "reputation" is not the album Reputation
    if (i === j && !tk.has(i, UPPER) && doc.commonWord(i)) return null;
    let evidence =
      flags & N_DISPLAY
        ? EVIDENCE.display
        : flags & N_LABEL
          ? EVIDENCE.label
          : flags & N_DERIVED
            ? EVIDENCE.derived
            : EVIDENCE.alias;
    if (!(flags & N_ENGLISH)) evidence *= 0.92;
    if (i === j && !tk.has(i, UPPER)) {
      // A title before a name is not a mention of its own ("President Reagan").
      if (
        PERSON_TITLES.has(tk.folded[i]!) &&
        i + 1 < tk.length &&
        tk.has(i + 1, CAP) &&
        tk.gap[i + 1] !== GAP_BREAK
      ) {
        return null;
      }
      // A lone capitalised word that the article also writes in lower case, that
      // opens a sentence, or that is an ordinary English word ("State",
      // "President") may not be a name at all.
      if (doc.writtenLower(i)) evidence *= 0.6;
      else if (doc.ordinaryWord(i)) evidence *= tk.has(i, SENT_START) ? 0.6 : 0.9;
      else if (tk.has(i, SENT_START)) evidence *= 0.9;
    }
    return { e, evidence, how: flags & N_DERIVED ? 'derived' : 'exact' };
  }

  /**
   * Runs of capitalised words (with "of", "de"… inside), cut at person titles
   * ("Russian President | Vladimir Putin") and at possessives written without an
   * apostrophe ("Syrias | Idlib"), openers and titles trimmed. Title-case headlines
   * are taken word by word.
   */
  private proposals(doc: DocContext, spanAt: (i: number, j: number) => Span): Span[] {
    const { tk } = doc;
    const n = tk.length;
    const out: Span[] = [];
    const nameWord = (k: number) =>
      (tk.has(k, CAP) || tk.has(k, UPPER)) && !(tk.has(k, DIGIT) && !/\p{L}/u.test(tk.folded[k]!));
    // Title case ("Macron Calls For Ceasefire") capitalises function words: they split runs.
    const splitter = (k: number) =>
      STOPWORDS.has(tk.folded[k]!) && !PERSON_TITLES.has(tk.folded[k]!);
    const emit = (a: number, b: number, titled: boolean, headline: boolean) => {
      const lead = (k: number) =>
        STOPWORDS.has(tk.folded[k]!) ||
        PERSON_TITLES.has(tk.folded[k]!) ||
        GEO_MODIFIERS.has(tk.folded[k]!);
      // An opening ordinary word is dropped ("Married Pakistani"), unless the KB
      // knows it as a first name ("Michael Moreton").
      const opener = (k: number) =>
        doc.commonWord(k) && tk.gap[k + 1] !== GAP_JOIN && !doc.givenName(k);
      while (a <= b && (lead(a) || (a < b && opener(a)))) {
        if (PERSON_TITLES.has(tk.folded[a]!) && a < b) titled = true;
        a++;
      }
      while (b >= a && (STOPWORDS.has(tk.folded[b]!) || PERSON_TITLES.has(tk.folded[b]!))) b--;
      if (a > b || !doc.nameable(a, b)) return;
      const span = spanAt(a, b);
      span.proposal = true;
      span.titled ||= titled;
      span.headline ||= headline;
      out.push(span);
    };
    let i = 0;
    while (i < n) {
      if (!nameWord(i)) {
        i++;
        continue;
      }
      if (doc.headline[i]) {
        emit(i, i, false, true);
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < n && tk.gap[j + 1] !== GAP_BREAK && !doc.headline[j + 1]) {
        if (nameWord(j + 1) && !(splitter(j + 1) && j + 1 > i)) {
          j++;
          continue;
        }
        let k = j + 1;
        while (
          k < n &&
          k - j <= 2 &&
          tk.has(k, LOWER) &&
          NAME_CONNECTORS.has(tk.folded[k]!) &&
          tk.gap[k] !== GAP_BREAK
        ) {
          k++;
        }
        if (k > j + 1 && k < n && nameWord(k) && !splitter(k) && tk.gap[k] !== GAP_BREAK) {
          j = k;
          continue;
        }
        break;
      }
      // "al-Maliki", "el-Sisi": the particle belongs to the name.
      if (
        i > 0 &&
        tk.gap[i] === GAP_JOIN &&
        tk.has(i - 1, LOWER) &&
        PARTICLES.has(tk.folded[i - 1]!)
      ) {
        if (tk.text.slice(tk.end[i - 1]!, tk.start[i]!) === '-') i--;
      }
      let a = i;
      let titled = false;
      const last = tk.folded[j]!;
      const organisationLike = ORGANISATION_HEADS.has(last) || PLACE_HEADS.has(last);
      for (let k = i; k < j; k++) {
        if (PERSON_TITLES.has(tk.folded[k]!) && !organisationLike) {
          // What precedes a title ("Russian", "German") is not part of the name.
          a = k + 1;
          titled = true;
        } else if (k >= a && doc.bareApostropheS(k)) {
          emit(a, k, titled, false);
          a = k + 1;
          titled = false;
        }
      }
      emit(a, j, titled, false);
      i = j + 1;
    }
    return out;
  }

  /**
   * Neighbouring proposals joined by "and" or "&" ("U.S. Food | and | Drug
   * Administration"): a name only if the KB knows one that fits.
   */
  private joinedProposals(
    doc: DocContext,
    proposals: Span[],
    spanAt: (i: number, j: number) => Span,
  ): Span[] {
    const { tk } = doc;
    const out: Span[] = [];
    for (let k = 0; k + 1 < proposals.length; k++) {
      const a = proposals[k]!;
      const b = proposals[k + 1]!;
      const joiner = tk.folded[a.j + 1];
      if (b.i !== a.j + 2 || (joiner !== 'and' && joiner !== '&')) continue;
      if (tk.gap[a.j + 1] === GAP_BREAK || tk.gap[b.i] === GAP_BREAK) continue;
      out.push(spanAt(a.i, b.j));
    }
    return out;
  }

  /** Spelling alternatives per word of a span: itself when known, plus variants (cached on the span). */
  private alternativesOf(doc: DocContext, span: Span): { t: number; sim: number }[][] {
    if (span.alternatives) return span.alternatives;
    const { tk } = doc;
    const exact = hasExact(span);
    const alternatives: { t: number; sim: number }[][] = [];
    for (let p = span.i; p <= span.j; p++) {
      const alts: { t: number; sim: number }[] = [];
      const t = doc.token(p);
      if (t >= 0) alts.push({ t, sim: 1 });
      // Only words the KB does not know are taken for misspellings, and not
      // ordinary words ("Agenda" is no misspelt "Uganda"); a different spelling of
      // the same sound is likelier the same name than a near miss.
      if (t < 0 && !tk.has(p, UPPER) && !exact && !doc.ordinaryWord(p)) {
        for (const f of doc.fuzzy(p))
          alts.push({ t: f.token, sim: f.similarity * (f.sameKey ? 0.95 : 0.85) });
      }
      alternatives.push(alts);
    }
    span.alternatives = alternatives;
    return alternatives;
  }

  /** The whole proposal spelled differently ("Emanuelle Macron"): a beam walk through the trie. */
  private spellingCandidates(doc: DocContext, span: Span): void {
    if (hasExact(span)) return;
    const { index } = doc;
    let frontier = [{ node: 0, sim: 1 }];
    for (const alts of this.alternativesOf(doc, span)) {
      const next: { node: number; sim: number }[] = [];
      for (const f of frontier) {
        for (const alt of alts) {
          const child = index.child(f.node, alt.t);
          if (child >= 0) next.push({ node: child, sim: f.sim * alt.sim });
        }
      }
      frontier = next.sort((a, b) => b.sim - a.sim).slice(0, BEAM);
      if (frontier.length === 0) return;
    }
    for (const f of frontier) {
      if (f.sim >= 1) continue;
      for (let k = index.postingStart(f.node); k < index.postingEnd(f.node); k++) {
        const flags = index.postFlags[k]!;
        if (flags & (N_ACRONYM | N_LOWER)) continue;
        const base =
          flags & N_DISPLAY ? EVIDENCE.display : flags & N_LABEL ? EVIDENCE.label : EVIDENCE.alias;
        addCandidate(span, {
          e: index.postEntity[k]!,
          evidence: base * f.sim * f.sim,
          how: 'fuzzy',
        });
      }
    }
  }

  /** Content words of a span (not function words or connectors), as offsets into it. */
  private contentOf(doc: DocContext, span: Span): number[] {
    const content: number[] = [];
    for (let p = span.i; p <= span.j; p++) {
      const w = doc.tk.folded[p]!;
      if (!STOPWORDS.has(w) && !NAME_CONNECTORS.has(w) && w.length >= 2) content.push(p - span.i);
    }
    return content;
  }

  /**
   * Partial names: every content word of the span is a word of the entity's
   * longer name ("Ohio State", "Langer" for Bernhard Langer).
   */
  private partialCandidates(doc: DocContext, span: Span): void {
    const { index } = doc;
    const exact = hasExact(span);
    const alternatives = this.alternativesOf(doc, span);
    const content = this.contentOf(doc, span);
    if (content.length === 0) return;
    const single = content.length === 1;
    // A lone ordinary word ("Fall", "Orange" opening a sentence) is no short name.
    if (single && doc.commonWord(span.i + content[0]!)) return;
    // Per-word facts, once for all postings: may the lone word be a short form at all?
    const loneWord = single ? span.i + content[0]! : -1;
    const shortAllowed =
      single && (!doc.ordinaryWord(loneWord) || doc.tk.folded[loneWord]!.length >= 4);
    let pool: Map<number, { sim: number; flags: number }> | null = null;
    for (const offset of content) {
      const found = new Map<number, { sim: number; flags: number }>();
      for (const alt of alternatives[offset]!) {
        // A lone word: the most popular few of its holders are enough.
        const end = single
          ? Math.min(index.partEnd(alt.t), index.partStart(alt.t) + (alt.sim === 1 ? 16 : 6))
          : index.partEnd(alt.t);
        for (let k = index.partStart(alt.t); k < end; k++) {
          const partFlags = index.partFlags[k]!;
          const e = index.partEntity[k]!;
          // A lone word stands for a longer name only where names are shortened that way.
          if (single && !(shortAllowed && partFlags & P_SHORT)) {
            // A place name for its team, club or company when the article talks
            // about what the rest of the name says ("England" in a rugby report).
            if (alt.sim === 1 && partFlags & P_FIRST && index.type(e) === 'organisation') {
              const support = doc.contextScore(e, span);
              if (support >= 0.25)
                addCandidate(span, {
                  e,
                  evidence: Math.min(0.9, 0.6 + 0.5 * support),
                  how: 'part',
                });
            }
            continue;
          }
          // Beside an exact match, only short forms ("Orange" for Orange County) compete.
          if (exact && !(partFlags & P_SHORT)) continue;
          const prev = found.get(e);
          if (!prev || prev.sim < alt.sim) found.set(e, { sim: alt.sim, flags: partFlags });
        }
      }
      if (pool === null) pool = found;
      else {
        const both = new Map<number, { sim: number; flags: number }>();
        for (const [e, v] of pool) {
          const w = found.get(e);
          if (w) both.set(e, { sim: v.sim * w.sim, flags: v.flags | w.flags });
        }
        pool = both;
      }
      if (pool.size === 0) return;
    }
    for (const [e, { sim, flags }] of pool ?? []) {
      const person = index.type(e) === 'person';
      let evidence: number;
      if (!single) evidence = EVIDENCE.multiPart;
      else if (person)
        evidence =
          flags & P_LAST
            ? EVIDENCE.personLast
            : flags & P_FIRST
              ? EVIDENCE.personFirst
              : EVIDENCE.otherPart;
      else evidence = flags & P_FIRST ? EVIDENCE.orgFirst : EVIDENCE.otherPart;
      // A short form competing with an entity of exactly that name needs the article's
      // help; one that only a single KB name contains is a likelier reference.
      if (exact) evidence *= 0.85;
      else if (single && index.partTotal(alternatives[content[0]!]![0]?.t ?? 0) === 1 && sim === 1)
        evidence *= 1.25;
      addCandidate(span, { e, evidence: evidence * sim * sim, how: sim < 1 ? 'fuzzy' : 'part' });
    }
  }

  /**
   * Scores every candidate of every span and keeps the best non-overlapping
   * mentions. `previous` (the first pass) adds coherence: entities already in
   * the article are more likely for the next ambiguous mention.
   */
  private select(doc: DocContext, spans: Span[], previous: Choice[] | null): Choice[] {
    // Entities of the first pass, with the words they were found by: a mention
    // supports another only if it is written differently ("Vladimir Putin" for
    // "Putin"), not by repeating the same guess.
    const inArticle = new Map<number, { confidence: number; surfaces: Set<string> }>();
    for (const c of previous ?? []) {
      if (c.e < 0) continue;
      const seen = inArticle.get(c.e) ?? { confidence: 0, surfaces: new Set<string>() };
      seen.confidence = Math.max(seen.confidence, c.confidence);
      seen.surfaces.add(doc.key(c.span));
      inArticle.set(c.e, seen);
    }
    const choices: Choice[] = [];
    for (const span of spans) {
      // A span whose candidates did not change and get no support from elsewhere
      // in the article keeps its first-pass choice.
      const choice =
        previous && !span.dirty && !this.supported(doc, span, inArticle)
          ? span.choice
          : this.choose(doc, span, inArticle);
      span.choice = choice;
      span.dirty = false;
      if (choice) choices.push(choice);
    }
    // An unknown person's name outranks KB matches of a minor part of it
    // ("Michael" inside "Michael Moreton"), not ones covering most of it.
    const nilPersons = choices.filter(
      (c) => c.e < 0 && c.span.j > c.span.i && doc.nilType(c.span) === 'person',
    );
    const kept = choices.filter((c) => {
      if (c.e < 0 || c.how === 'doc') return true;
      for (const w of nilPersons) {
        const inside = c.span.i >= w.span.i && c.span.j <= w.span.j;
        if (inside && (c.span.j - c.span.i + 1) * 2 <= w.span.j - w.span.i + 1) return false;
      }
      return true;
    });
    // A KB name for a whole run of capitalised words beats splitting the run.
    // Which words are a mention is decided on how well they match a name, whatever
    // the doubt about which entity it is ("Ohio State": the university or its team).
    // A long unknown run ("StumbleUpon Seed Newsvine Post") gains little from its length.
    const priority = (c: Choice) =>
      c.e >= 0
        ? Math.max(c.confidence, 0.9 * c.evidence) +
          LENGTH_PRIORITY * (c.span.j - c.span.i) +
          (c.span.proposal && c.span.j > c.span.i ? 0.15 : 0)
        : NIL_PRIORITY + Math.min(0.15, 0.05 * (c.span.j - c.span.i));
    const ranked = kept.map((c) => ({ c, p: priority(c) }));
    ranked.sort((a, b) => b.p - a.p || a.c.span.i - b.c.span.i);
    const taken = new Uint8Array(doc.tk.length);
    const out: Choice[] = [];
    for (const { c } of ranked) {
      let free = true;
      for (let k = c.span.i; k <= c.span.j && free; k++) if (taken[k]) free = false;
      if (!free) continue;
      for (let k = c.span.i; k <= c.span.j; k++) taken[k] = 1;
      out.push(c);
    }
    return out.sort((a, b) => a.span.i - b.span.i);
  }

  /** The best candidate of a span with its confidence, a NIL choice, or null. */
  private choose(doc: DocContext, span: Span, inArticle: InArticle): Choice | null {
    // Context can add at most CONTEXT_WEIGHT: candidates that cannot reach the
    // best name-and-prior score even with it are ranked without computing it.
    if (this.bases.length < span.cands.size) this.bases = new Float64Array(2 * span.cands.size);
    const bases = this.bases;
    let bestBase = -Infinity;
    let c = 0;
    for (const cand of span.cands.values()) {
      const base = this.score(doc, span, cand, 0, inArticle);
      bases[c++] = base;
      if (base > bestBase) bestBase = base;
    }
    let bestCand: Candidate | null = null;
    let bestScore = 0;
    let second = 0;
    let bestContext = 0;
    c = 0;
    for (const cand of span.cands.values()) {
      const base = bases[c++]!;
      const context = base + CONTEXT_WEIGHT >= bestBase ? doc.contextScore(cand.e, span) : 0;
      const score = base + CONTEXT_WEIGHT * context;
      if (!bestCand || score > bestScore) {
        if (bestCand) second = Math.max(second, bestScore);
        bestCand = cand;
        bestScore = score;
        bestContext = context;
      } else second = Math.max(second, score);
    }
    if (bestCand) {
      // Confidence: how well the name matches, discounted when a rival scores
      // nearly as well, raised by support from the article. Names of several
      // words matched whole are rarely wrong: their length counts as support.
      const margin = Math.min(1, (bestScore - second) / 0.15);
      const length = Math.min(1, 0.5 * (span.j - span.i));
      const support = Math.max(bestContext, coherence(doc, span, bestCand.e, inArticle), length);
      const confidence = clamp01(
        bestCand.evidence * (0.6 + 0.4 * margin) * (0.85 + 0.15 * support),
      );
      if (confidence >= this.minConfidence) {
        const { e, evidence, how } = bestCand;
        return { span, e, score: bestScore, confidence, evidence, how };
      }
    }
    if (span.proposal && doc.nilable(span)) {
      return { span, e: -1, score: NIL_PRIORITY, confidence: 0.5, evidence: 0, how: 'nil' };
    }
    return null;
  }

  /** Whether another, differently written mention in the article supports a candidate. */
  private supported(doc: DocContext, span: Span, inArticle: InArticle): boolean {
    for (const e of span.cands.keys()) if (coherence(doc, span, e, inArticle) > 0) return true;
    return false;
  }

  /** Ranking score of one candidate: name evidence, popularity, context, coherence. */
  private score(
    doc: DocContext,
    span: Span,
    cand: Candidate,
    context: number,
    inArticle: InArticle,
  ): number {
    const { index } = doc;
    const e = cand.e;
    let score = 0.62 * cand.evidence + 0.13 * index.popularity(e) + CONTEXT_WEIGHT * context;
    score += 0.12 * coherence(doc, span, e, inArticle);
    if (span.titled) score += index.type(e) === 'person' ? 0.05 : -0.1;
    return score;
  }

  /**
   * Second looks at the article: short forms of names chosen in the first pass
   * ("Macron" after "Emmanuel Macron", "Moreton" after "Michael Moreton"),
   * acronyms of them ("FDA"), and lower-case misspellings of a person's name that
   * machine translation leaves behind ("markron").
   */
  private resolveInDocument(doc: DocContext, chosen: Choice[], proposals: Span[]): void {
    const { tk, index } = doc;
    type Owner = { e: number; nil?: string; nilType?: EntityType };
    // Short forms of the article's longer names → the entity (or NIL name) they
    // stand for: any name word of a person, the leading words of anything else
    // ("Burlington" for Burlington Industries). Only names of two or more words
    // create short forms, so a guess never confirms itself.
    const shortForms = new Map<string, Owner[]>();
    const addShortForm = (key: string, owner: Owner) => {
      const list = shortForms.get(key) ?? [];
      if (!list.some((o) => o.e === owner.e && o.nil === owner.nil)) list.push(owner);
      shortForms.set(key, list);
    };
    const acronyms = new Map<string, Owner>();
    const initialsOf = (words: string[]) => words.map((w) => w[0]).join('');
    for (const c of chosen) {
      const { i, j } = c.span;
      if (j === i) continue;
      const nilType = c.e < 0 ? doc.nilType(c.span) : undefined;
      const owner: Owner = c.e >= 0 ? { e: c.e } : { e: -1, nil: tk.surface(i, j), nilType };
      // An unknown name that is neither organisation nor place may be a person's.
      const person =
        c.e >= 0 ? index.type(c.e) === 'person' : nilType === 'person' || nilType === 'other';
      const surface: string[] = [];
      for (let k = i; k <= j; k++)
        if (!ACRONYM_SKIP.has(tk.folded[k]!)) surface.push(tk.folded[k]!);
      const forms =
        c.e >= 0
          ? [surface, nameWords(index.name(c.e)).filter((w) => !ACRONYM_SKIP.has(w))]
          : [surface];
      for (const words of forms) {
        if (person) {
          for (const w of words) if (w.length >= 2 && !STOPWORDS.has(w)) addShortForm(w, owner);
        } else {
          // The leading words, one more each time: "a", "a b", … (without the last word).
          let prefix = words[0]!;
          for (let n = 1; n < words.length; n++) {
            if (n > 1) prefix += ' ' + words[n - 1]!;
            if (n === 1 && (doc.isOrdinary(words[0]!) || STOPWORDS.has(words[0]!))) continue;
            addShortForm(prefix, owner);
          }
        }
        if (words.length >= 2) acronyms.set(initialsOf(words), owner);
      }
    }
    // "artificial pancreas (AP)": an acronym the article defines means its long form.
    const defined = new Set<string>();
    for (let k = 1; k < tk.length; k++) {
      if (!tk.has(k, UPPER)) continue;
      const before = tk.text.slice(tk.end[k - 1]!, tk.start[k]!);
      const after =
        k + 1 < tk.length ? tk.text.slice(tk.end[k]!, tk.start[k + 1]!) : tk.text.slice(tk.end[k]!);
      if (!before.includes('(') || !after.startsWith(')')) continue;
      const acronym = tk.folded[k]!;
      let p = k - 1;
      let letter = acronym.length - 1;
      while (p >= 0 && letter >= 0 && k - p <= acronym.length * 2 + 2) {
        const w = tk.folded[p]!;
        if (!ACRONYM_SKIP.has(w)) {
          if (w[0] !== acronym[letter]) break;
          letter--;
        }
        if (letter >= 0) p--;
      }
      if (letter >= 0) continue;
      defined.add(acronym);
      const long = chosen.find((c) => c.span.j === k - 1 && c.span.i <= p + 1);
      const named = long ? -1 : this.entityNamed(doc, p, k - 1);
      if (long)
        acronyms.set(
          acronym,
          long.e >= 0 ? { e: long.e } : { e: -1, nil: tk.surface(long.span.i, long.span.j) },
        );
      else if (named >= 0)
        acronyms.set(acronym, { e: named }); // "type 1 diabetes (T1D)": a KB concept's acronym
      else acronyms.delete(acronym);
    }
    for (const span of proposals) {
      if (span.i === span.j && defined.has(tk.folded[span.i]!)) {
        // Defined here as something else than the KB's acronym of that name.
        for (const [e, c] of span.cands) {
          if (c.how === 'acronym') {
            span.cands.delete(e);
            span.dirty = true;
          }
        }
      }
      const words: string[] = [];
      for (let k = span.i; k <= span.j; k++)
        if (!ACRONYM_SKIP.has(tk.folded[k]!)) words.push(tk.folded[k]!);
      const surface = tk.surface(span.i, span.j);
      if (span.i === span.j && doc.demonym(span.i)) continue;
      const owners = (shortForms.get(words.join(' ')) ?? []).filter((o) => o.nil !== surface);
      if (owners.length === 1) this.attach(span, owners[0]!, EVIDENCE.doc);
      else if (span.i === span.j && tk.has(span.i, UPPER)) {
        const owner = acronyms.get(tk.folded[span.i]!);
        if (owner) this.attach(span, owner, EVIDENCE.doc);
      }
    }
  }

  /** The most popular entity with exactly the name written from token i to j, or -1. */
  private entityNamed(doc: DocContext, i: number, j: number): number {
    const { index } = doc;
    let node = 0;
    for (let k = i; k <= j && node >= 0; k++) {
      const t = doc.token(k);
      node = t < 0 ? -1 : index.child(node, t);
    }
    if (node < 0 || index.postingStart(node) === index.postingEnd(node)) return -1;
    return index.postEntity[index.postingStart(node)]!;
  }

  /**
   * Lower-case misspellings of a person the article names ("makron", "markron"
   * beside "Makron"), as machine translation leaves them: words outside the
   * dictionary that sound like one of the person's names.
   */
  private lowerCaseVariants(doc: DocContext, chosen: Choice[]): Choice[] {
    const { tk, index } = doc;
    // Only articles that already misspell a person ("Makron") are searched for more.
    if (!chosen.some((c) => c.e >= 0 && c.how === 'fuzzy' && index.type(c.e) === 'person'))
      return chosen;
    const personWords = new Map<string, { c: Choice; word: string }>();
    for (const c of chosen) {
      if (c.e < 0 || index.type(c.e) !== 'person') continue;
      const surface: string[] = [];
      for (let k = c.span.i; k <= c.span.j; k++) surface.push(tk.folded[k]!);
      for (const w of [...nameWords(index.name(c.e)), ...surface]) {
        if (w.length >= 4 && /^[a-z]+$/.test(w)) personWords.set(phoneticKey(w), { c, word: w });
      }
    }
    if (personWords.size === 0) return chosen;
    const taken = new Uint8Array(tk.length);
    for (const c of chosen) for (let k = c.span.i; k <= c.span.j; k++) taken[k] = 1;
    const extra: Choice[] = [];
    for (let k = 0; k < tk.length; k++) {
      const w = tk.folded[k]!;
      // Words of the KB's vocabulary or of the dictionary are not slips.
      if (taken[k] || !tk.has(k, LOWER) || w.length < 5 || doc.ordinaryWord(k)) continue;
      if (doc.token(k) >= 0 || !/^[a-z]+$/.test(w)) continue;
      const key = phoneticKey(w);
      let match = personWords.get(key);
      if (!match) for (const d of keyDeletions(key)) if ((match = personWords.get(d))) break;
      if (!match) continue;
      const similarity = spellingSimilarity(w, match.word);
      if (similarity < 0.7) continue;
      const span: Span = {
        i: k,
        j: k,
        cands: new Map(),
        proposal: false,
        titled: false,
        headline: false,
      };
      const confidence = round3(
        EVIDENCE.docVariant * similarity * Math.max(0.5, match.c.confidence),
      );
      extra.push({
        span,
        e: match.c.e,
        score: confidence,
        confidence,
        evidence: EVIDENCE.docVariant,
        how: 'doc',
      });
    }
    return extra.length ? [...chosen, ...extra].sort((a, b) => a.span.i - b.span.i) : chosen;
  }

  /**
   * Mention boundaries as news writes names: a company's legal-form suffix
   * ("Burlington Industries Inc"), a capital "The", a name's own final punctuation.
   */
  private adjustBoundaries(doc: DocContext, chosen: Choice[]): void {
    const { tk, index } = doc;
    const taken = new Uint8Array(tk.length);
    for (const c of chosen) for (let k = c.span.i; k <= c.span.j; k++) taken[k] = 1;
    for (const c of chosen) {
      if (c.e < 0 || index.type(c.e) === 'person' || index.type(c.e) === 'place') continue;
      let j = c.span.j;
      for (;;) {
        let k = j + 1;
        if (
          k < tk.length &&
          (tk.folded[k] === 'and' || tk.folded[k] === '&') &&
          tk.folded[k + 1] === 'co'
        )
          k++;
        if (k >= tk.length || taken[k] || !CORPORATE_SUFFIXES.has(tk.folded[k]!)) break;
        const gap = tk.text.slice(tk.end[k - 1]!, tk.start[k]!);
        if (
          !/^,? ?&? ?$|^\.?,? $/.test(gap) ||
          (tk.has(k, LOWER) && !['corp', 'co', 'inc', 'ltd', 'plc'].includes(tk.folded[k]!))
        )
          break;
        for (let m = j + 1; m <= k; m++) taken[m] = 1;
        j = k;
      }
      if (j !== c.span.j) c.span = { ...c.span, j };
    }
    for (const c of chosen) {
      if (c.e < 0) continue;
      const type = index.type(c.e);
      // A capital "The" inside a sentence belongs to the name ("Copyright The Associated Press").
      const before = c.span.i - 1;
      if (
        (type === 'organisation' || type === 'work') &&
        before >= 0 &&
        !taken[before] &&
        tk.folded[before] === 'the' &&
        tk.has(before, CAP) &&
        !tk.has(before, SENT_START) &&
        tk.gap[c.span.i] === GAP_SPACE
      ) {
        taken[before] = 1;
        c.span = { ...c.span, i: before };
      }
      // A name ending in punctuation keeps it ("Ready for It?", "Yahoo!").
      const last = index.name(c.e).slice(-1);
      const end = tk.end[c.span.j]!;
      if ((last === '?' || last === '!' || last === '.') && tk.text[end] === last) c.end = end + 1;
    }
  }

  private attach(
    span: Span,
    owner: { e: number; nil?: string; nilType?: EntityType },
    evidence: number,
  ): void {
    if (owner.e >= 0) {
      // "CNN" near "CNN Films" is still CNN: an exact name of the same kind wins.
      const type = this.index.type(owner.e);
      const rival = [...span.cands.values()].some(
        (c) => c.how === 'exact' && c.e !== owner.e && this.index.type(c.e) === type,
      );
      addCandidate(span, { e: owner.e, evidence: rival ? evidence * 0.75 : evidence, how: 'doc' });
    } else {
      span.nilName = owner.nil;
      span.nilType = owner.nilType;
    }
  }

  private toMentions(doc: DocContext, chosen: Choice[]): MentionLink[] {
    const { tk, index } = doc;
    const out: MentionLink[] = [];
    for (const c of chosen) {
      const start = c.start ?? tk.start[c.span.i]!;
      const end = c.end ?? tk.end[c.span.j]!;
      const surface = tk.text.slice(start, end);
      if (c.e >= 0) {
        out.push({
          start,
          end,
          surface,
          entity: c.e,
          id: index.id(c.e),
          name: index.name(c.e),
          type: index.type(c.e),
          confidence: round3(c.confidence),
        });
      } else if (this.reportNil) {
        const name = c.span.nilName ?? surface;
        const type = c.span.nilType ?? doc.nilType(c.span);
        out.push({
          start,
          end,
          surface,
          entity: -1,
          id: nilId(type, name),
          name,
          type,
          confidence: c.confidence,
        });
      }
    }
    return out;
  }
}

/** Per-article state shared by the steps: tokens, their KB ids, lazily computed lookups. */
class DocContext {
  /** KB word ids of the tokens (-1: not a KB word). */
  private readonly tid: Int32Array;
  private readonly ordinary: Int8Array;
  private readonly demonyms: Int8Array;
  /** Words of title-case lines ("Macron Calls For Ceasefire"). */
  readonly headline: Uint8Array;

  /** Hashes of words written in lower case, and capitalised inside a sentence. */
  private readonly lowerWords: HashSet32;
  private readonly midCapitalised: HashSet32;
  private readonly fuzzyCache = new Map<string, FuzzyToken[]>();
  private readonly words = englishWordHashes();
  /** Hashes of the tokens, and the set of them (with singulars of plurals). */
  private readonly hashes: Int32Array;
  private readonly docWords: HashSet32;

  constructor(
    readonly index: KnowledgeIndex,
    readonly tk: Tokens,
  ) {
    const n = tk.length;
    this.tid = new Int32Array(n).fill(-2);
    this.hashes = new Int32Array(n);
    this.docWords = new HashSet32(2 * n);
    this.lowerWords = new HashSet32(n);
    this.midCapitalised = new HashSet32(n);
    this.headline = new Uint8Array(n);
    for (let i = 0; i < n;) {
      let j = i + 1;
      while (j < n && !tk.has(j, LINE_START)) j++;
      let words = 0;
      let capitalised = 0;
      for (let k = i; k < j; k++) {
        if (!tk.has(k, CAP) && !tk.has(k, LOWER)) continue; // numbers
        words++;
        if (tk.has(k, CAP)) capitalised++;
      }
      if (words >= 4 && capitalised >= 0.75 * words) this.headline.fill(1, i, j);
      i = j;
    }
    this.ordinary = new Int8Array(n).fill(-1);
    this.demonyms = new Int8Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const w = tk.folded[i]!;
      const h = wordHash(w);
      this.hashes[i] = h;
      this.docWords.add(h);
      // Plurals count for their singular as context ("Counties" for Orange County).
      if (w.length >= 4 && w.charCodeAt(w.length - 1) === 115) {
        this.docWords.add(wordHash(w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.slice(0, -1)));
      }
      // Lower-case words inside web and mail addresses ("jdrf.org") say nothing.
      const joined = tk.gap[i] === GAP_JOIN || (i + 1 < n && tk.gap[i + 1] === GAP_JOIN);
      if (tk.has(i, LOWER) && !joined) this.lowerWords.add(h);
      else if (tk.has(i, CAP) && !tk.has(i, SENT_START) && !this.headline[i])
        this.midCapitalised.add(h);
    }
  }

  /** The KB word id of token i, or -1 (looked up on first use). */
  token(i: number): number {
    let t = this.tid[i]!;
    if (t === -2) this.tid[i] = t = this.index.tokenId(this.tk.folded[i]!, this.hashes[i]!);
    return t;
  }

  /** "Syrias" for "Syria's": an unknown word that is a known name plus "s". */
  bareApostropheS(k: number): boolean {
    const w = this.tk.folded[k]!;
    if (w.length < 4 || !w.endsWith('s') || this.token(k) >= 0) return false;
    const node = this.index.nodeOf([w.slice(0, -1)]);
    return node >= 0 && this.index.postingStart(node) < this.index.postingEnd(node);
  }

  allLower(i: number, j: number): boolean {
    for (let k = i; k <= j; k++) {
      if (this.tk.has(k, CAP) || this.tk.has(k, UPPER)) return false;
      if (!this.tk.has(k, LOWER) && !this.tk.has(k, DIGIT)) return false;
    }
    return true;
  }

  /** Not only function words, digits or single letters. */
  nameable(i: number, j: number): boolean {
    for (let k = i; k <= j; k++) {
      const w = this.tk.folded[k]!;
      if (w.length >= 2 && !STOPWORDS.has(w) && /\p{L}/u.test(w)) return true;
    }
    return false;
  }

  writtenLower(i: number): boolean {
    return this.lowerWords.has(this.hashes[i]!);
  }

  /** The folded words of a span, as one string. */
  key(span: Span): string {
    if (span.key !== undefined) return span.key;
    let key = this.tk.folded[span.i]!;
    for (let k = span.i + 1; k <= span.j; k++) key += ' ' + this.tk.folded[k]!;
    span.key = key;
    return key;
  }

  /**
   * Whether a capitalised word is the adjective of a place the KB knows:
   * "Syrian" (Syria), "Turkish" (Turkey), "British" (Britain), "Chinese" (China).
   */
  demonym(i: number): boolean {
    let known = this.demonyms[i]!;
    if (known < 0) this.demonyms[i] = known = this.isDemonym(i) ? 1 : 0;
    return known === 1;
  }

  private isDemonym(i: number): boolean {
    const w = this.tk.folded[i]!;
    if (w.length < 4 || !this.tk.has(i, CAP)) return false;
    if (IRREGULAR_DEMONYMS.has(w)) return true;
    for (const [suffix, endings] of DEMONYM_RULES) {
      if (!w.endsWith(suffix) || w.length - suffix.length < 3) continue;
      const stem = w.slice(0, w.length - suffix.length);
      for (const ending of endings) {
        const node = this.index.nodeOf([stem + ending]);
        if (node < 0) continue;
        for (let k = this.index.postingStart(node); k < this.index.postingEnd(node); k++) {
          if (this.index.type(this.index.postEntity[k]!) === 'place') return true;
        }
      }
    }
    return false;
  }

  /** A first name of some person in the KB. */
  givenName(i: number): boolean {
    const t = this.token(i);
    return t >= 0 && this.index.isGivenName(t);
  }

  /** In the English dictionary. */
  ordinaryWord(i: number): boolean {
    let o = this.ordinary[i]!;
    if (o < 0) this.ordinary[i] = o = this.words.has(this.hashes[i]!) ? 1 : 0;
    return o === 1;
  }

  isOrdinary(word: string): boolean {
    return this.words.has(wordHash(word));
  }

  /**
   * A capitalised word that is probably not a name here: a function word, a word
   * the article also writes in lower case, or a dictionary word opening a sentence.
   */
  commonWord(i: number): boolean {
    const w = this.tk.folded[i]!;
    if (STOPWORDS.has(w)) return true;
    if (!this.ordinaryWord(i)) return false; // "makron" in lower case is a slip, not a word
    const h = this.hashes[i]!;
    return this.lowerWords.has(h) || (this.tk.has(i, SENT_START) && !this.midCapitalised.has(h));
  }

  /** Whether an unresolved capitalised run is a name worth a NIL entity. */
  nilable(span: Span): boolean {
    const { tk } = this;
    if (span.nilName) return true;
    if (span.j > span.i) return true;
    const w = tk.folded[span.i]!;
    if (w.length < 3 || STOPWORDS.has(w) || PERSON_TITLES.has(w) || !/\p{L}/u.test(w)) return false;
    const h = this.hashes[span.i]!;
    if (this.demonym(span.i)) return false; // "Syrian", "Turkish": adjectives of places
    if (span.headline && !this.midCapitalised.has(h)) return false;
    if (this.lowerWords.has(h)) return false;
    // Words in capitals longer than an acronym are shouting or datelines ("QUESTION", "LONDON").
    if (tk.has(span.i, UPPER) && w.length > 5) return false;
    if (tk.has(span.i, SENT_START) && !this.midCapitalised.has(h)) return false;
    if (this.ordinaryWord(span.i) && !tk.has(span.i, UPPER)) return false;
    return true;
  }

  /**
   * Coarse type of a NIL name from the name alone, so the same name gets the
   * same id in every article: a last word such as "Ministry" or "Province", or a
   * first name the KB knows ("Michael Moreton").
   */
  nilType(span: Span): EntityType {
    const { tk } = this;
    const last = tk.folded[span.j]!;
    if (ORGANISATION_HEADS.has(last)) return 'organisation';
    if (PLACE_HEADS.has(last)) return 'place';
    let words = 0;
    for (let k = span.i; k <= span.j; k++) {
      if (NAME_CONNECTORS.has(tk.folded[k]!) || !/^\p{L}+$/u.test(tk.folded[k]!)) return 'other';
      words++;
    }
    if (words >= 2 && words <= 4 && this.givenName(span.i)) return 'person';
    return 'other';
  }

  /** Spelling variants of a word among the KB's name words (cached per article). */
  fuzzy(p: number): FuzzyToken[] {
    const w = this.tk.folded[p]!;
    if (isAbbreviation(w)) return [];
    let found = this.fuzzyCache.get(w);
    if (!found) {
      found = this.index.fuzzyTokens(w);
      this.fuzzyCache.set(w, found);
    }
    return found;
  }

  /**
   * Share (by idf) of the entity's context words, other than the mention's own,
   * that occur in the article: "rugby" in the article for "England national rugby
   * union team".
   */
  contextScore(e: number, span: Span): number {
    let cache = span.context;
    if (!cache) span.context = cache = new Map();
    const known = cache.get(e);
    if (known !== undefined) return known;
    const { index } = this;
    const from = index.contextStart(e);
    const to = index.contextEnd(e);
    let total = 0;
    let found = 0;
    for (let k = from; k < to; k++) {
      const h = index.ctxHash[2 * k]!;
      let own = false;
      for (let p = span.i; p <= span.j && !own; p++) if (this.hashes[p] === h) own = true;
      if (own) continue;
      const idf = index.ctxIdf[2 * k + 1]!;
      total += idf;
      if (this.docWords.has(h)) found += idf;
    }
    const score = total > 0 ? found / total : 0;
    cache.set(e, score);
    return score;
  }
}

type InArticle = Map<number, { confidence: number; surfaces: Set<string> }>;

/** Support for entity e from the article's other, differently written mentions of it. */
function coherence(doc: DocContext, span: Span, e: number, inArticle: InArticle): number {
  const seen = inArticle.get(e);
  if (!seen) return 0;
  if (seen.surfaces.size === 1 && seen.surfaces.has(doc.key(span))) return 0;
  return seen.confidence;
}

function hasExact(span: Span): boolean {
  for (const c of span.cands.values()) if (c.how === 'exact' || c.how === 'derived') return true;
  return false;
}

function addCandidate(span: Span, cand: Candidate): void {
  const prev = span.cands.get(cand.e);
  if (!prev || prev.evidence < cand.evidence) {
    span.cands.set(cand.e, cand);
    span.dirty = true;
  }
}

const nameWordsCache = new Map<string, string[]>();

/** Capitalised words of a name, folded (cached: the same entities recur). */
function nameWords(name: string): string[] {
  let words = nameWordsCache.get(name);
  if (!words) {
    words = capitalisedWords(name);
    if (nameWordsCache.size >= 50_000) nameWordsCache.clear();
    nameWordsCache.set(name, words);
  }
  return words;
}

const ASCII_NAME_RE = /^[\x20-\x7e]*$/;
const ASCII_WORD_RE = /[A-Za-z0-9]+/g;

function capitalisedWords(name: string): string[] {
  const out: string[] = [];
  if (ASCII_NAME_RE.test(name)) {
    // The common case without Unicode classes or normalisation: the same words.
    for (const m of name.matchAll(ASCII_WORD_RE)) {
      const c = m[0].charCodeAt(0);
      if (c >= 65 && c <= 90) out.push(m[0].toLowerCase());
    }
    return out;
  }
  for (const m of name.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu)) {
    if (/^[\p{Lu}\p{Lt}]/u.test(m[0]))
      out.push(
        m[0]
          .normalize('NFKD')
          .replace(/\p{M}+/gu, '')
          .toLowerCase(),
      );
  }
  return out;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Groups mentions by entity. Salience: mentions weighted by confidence, doubled
 * in the headline and raised in the first fifth of the text, relative to the
 * article's most salient entity (which gets 1).
 */
export function groupMentions(
  mentions: MentionLink[],
  titleLength: number,
  textLength: number,
): LinkedEntity[] {
  const byId = new Map<string, { m: MentionLink; mentions: Mention[]; weight: number }>();
  for (const m of mentions) {
    let entry = byId.get(m.id);
    if (!entry) {
      entry = { m, mentions: [], weight: 0 };
      byId.set(m.id, entry);
    }
    entry.mentions.push({
      start: m.start,
      end: m.end,
      surface: m.surface,
      confidence: m.confidence,
    });
    const position = m.start < titleLength ? 2 : m.start < textLength / 5 ? 1.3 : 1;
    // Doubt about which entity lowers a mention's weight only by half.
    entry.weight += (0.5 + 0.5 * m.confidence) * position;
  }
  const top = Math.max(1e-9, ...[...byId.values()].map((v) => v.weight));
  return [...byId.values()]
    .map(({ m, mentions: ms, weight }) => ({
      id: m.id,
      qid: m.entity >= 0 && /^Q\d+$/.test(m.id) ? m.id : null,
      name: m.name.slice(0, 500),
      type: m.type,
      salience: round3(weight / top),
      mentions: ms,
    }))
    .sort((a, b) => b.salience - a.salience || a.id.localeCompare(b.id));
}
