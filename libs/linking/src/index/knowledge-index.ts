import type { EntityType } from '@newsgraph/contracts';
import { isQid, type KbRecord, type KbRecordSink } from '../kb/record';
import { keyDeletions, phoneticKey, spellingSimilarity } from '../text/fuzzy';
import { foldWord } from '../text/fold';
import { nameTokens } from '../text/tokenize';
import { wordHash } from '../text/word-hash';
import { ACRONYM_SKIP, GENERIC_HEADS, NAME_CONNECTORS, STOPWORDS } from '../text/words';
import { EdgeTable, IntList } from './int-list';

export const ENTITY_TYPES: readonly EntityType[] = [
  'person',
  'organisation',
  'place',
  'event',
  'work',
  'other',
];
const TYPE_CODE = new Map(ENTITY_TYPES.map((t, i) => [t, i]));

// Flags of a name posting (a name of an entity, at the trie node that spells it).
export const N_LABEL = 1; // a label, not an alias
export const N_DISPLAY = 2; // the entity's display name
export const N_ENGLISH = 4; // an English (or language-neutral) name
// Restrictive flags: kept on a merged posting only if every merged name has them.
export const N_DERIVED = 8; // made by the index (initials joined, middle names dropped), not in the KB
export const N_ACRONYM = 16; // initials of a name: matches only all-capital text
export const N_LOWER = 32; // written in lower case in the KB: a common noun ("selfie")
export const N_ALLCAPS = 64; // written in capitals in the KB ("NATO")
export const N_ABBREVIATION = 128; // an abbreviation with a period ("Calif."): matches only so written
const GOOD_FLAGS = N_LABEL | N_DISPLAY | N_ENGLISH;
const mergeFlags = (a: number, b: number) => ((a | b) & GOOD_FLAGS) | (a & b & ~GOOD_FLAGS);

// Flags of a name part (one word of a multi-word name).
export const P_FIRST = 1;
export const P_LAST = 2;
export const P_MIDDLE = 4;
/** The word alone may stand for the name: a person's first or last name, "Harvard" for Harvard University. */
export const P_SHORT = 8;

/** Most candidates kept per name part: the most popular ones. */
const MAX_PART_CANDIDATES = 48;
/** Names longer than this many words are descriptions, not names. */
const MAX_NAME_TOKENS = 12;
const ENGLISH_LANGS = new Set(['', 'en', 'mul', 'en-gb', 'en-us', 'en-ca', 'simple']);

const HAS_UPPER_RE = /\p{Lu}/u;
const HAS_LOWER_RE = /\p{Ll}/u;
const CAPITALISED_RE = /^[\p{Lu}\p{Lt}\p{N}]/u;
const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const ASCII_RE = /^[\x20-\x7e]*$/;

export interface IndexStats {
  entities: number;
  names: number;
  tokens: number;
  trieNodes: number;
  postings: number;
  partPostings: number;
  contextPostings: number;
  phoneticKeys: number;
}

export interface FuzzyToken {
  token: number;
  similarity: number;
  /** Same phonetic key (a transliteration), not just one sound apart (more likely a different name). */
  sameKey: boolean;
}

/** Reads records into the index structures; `build()` freezes them. */
export class KnowledgeIndexBuilder implements KbRecordSink {
  private readonly byId = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly names: string[] = [];
  private readonly types: number[] = [];
  private readonly popularity: number[] = [];
  private readonly tokenIds = new Map<string, number>();
  private readonly tokens: string[] = [];
  private readonly inName = new IntList(); // 1 when the token occurs in some name
  private readonly edges = new EdgeTable(1 << 16);
  private nodeCount = 1; // node 0 is the root
  private readonly postNode = new IntList();
  private readonly postEntity = new IntList();
  private readonly postFlags = new IntList();
  private readonly partToken = new IntList();
  private readonly partEntity = new IntList();
  private readonly partFlags = new IntList();
  private readonly ctxEntity = new IntList();
  private readonly ctxToken = new IntList();
  private nameCount = 0;

  add(record: KbRecord): void {
    if (record.id.includes('\0') || record.name.includes('\0')) return; // snapshots separate strings with NUL
    let e = this.byId.get(record.id);
    if (e === undefined) {
      e = this.ids.length;
      this.byId.set(record.id, e);
      this.ids.push(record.id);
      this.names.push(record.name);
      this.types.push(TYPE_CODE.get(record.type) ?? ENTITY_TYPES.length - 1);
      this.popularity.push(Math.max(0, Math.min(1, record.popularity)));
    } else {
      // The same entity from another source: more names, the better of the two priors.
      this.popularity[e] = Math.max(this.popularity[e]!, Math.min(1, record.popularity));
      if (this.types[e] === ENTITY_TYPES.length - 1)
        this.types[e] = TYPE_CODE.get(record.type) ?? this.types[e]!;
    }
    const context = new Set<number>();
    for (const name of record.names) {
      let flags = 0;
      if (name.kind === 'label') flags |= N_LABEL;
      if (name.value === record.name) flags |= N_DISPLAY;
      if (ENGLISH_LANGS.has(name.lang)) flags |= N_ENGLISH;
      this.addName(e, name.value, flags, record.type, context);
    }
    if (!record.names.some((n) => n.value === record.name)) {
      this.addName(e, record.name, N_LABEL | N_DISPLAY | N_ENGLISH, record.type, context);
    }
    if (record.description) {
      for (const word of nameTokens(record.description)) {
        if (word.length >= 3 && !STOPWORDS.has(word)) context.add(this.token(word, false));
      }
    }
    for (const t of context) {
      this.ctxEntity.push(e);
      this.ctxToken.push(t);
    }
  }

  private token(word: string, inName: boolean): number {
    let t = this.tokenIds.get(word);
    if (t === undefined) {
      t = this.tokens.length;
      this.tokenIds.set(word, t);
      this.tokens.push(word);
      this.inName.push(0);
    }
    if (inName) this.inName.data[t] = 1;
    return t;
  }

  private insert(tokens: readonly number[], e: number, flags: number): void {
    let node = 0;
    for (const t of tokens) {
      let next = this.edges.get(node, t);
      if (next < 0) {
        next = this.nodeCount++;
        this.edges.set(node, t, next);
      }
      node = next;
    }
    this.postNode.push(node);
    this.postEntity.push(e);
    this.postFlags.push(flags);
  }

  private addName(
    e: number,
    value: string,
    flags: number,
    type: EntityType,
    context: Set<number>,
  ): void {
    const words: string[] = [];
    for (const m of value.matchAll(WORD_RE)) words.push(m[0]);
    if (words.length === 0 || words.length > MAX_NAME_TOKENS) return;
    this.nameCount++;
    if (!HAS_UPPER_RE.test(value)) flags |= N_LOWER;
    else if (!HAS_LOWER_RE.test(value) && words.join('').length > 1) flags |= N_ALLCAPS;
    const folded = ASCII_RE.test(value) ? words.map((w) => w.toLowerCase()) : words.map(foldWord);
    const ids = folded.map((w) => this.token(w, true));
    this.insert(ids, e, flags);
    for (const t of ids)
      if (this.tokens[t]!.length >= 3 && !STOPWORDS.has(this.tokens[t]!)) context.add(t);
    const derived = (flags & ~(N_LABEL | N_DISPLAY)) | N_DERIVED;
    // News style abbreviates US states ("Calif.", "N.D.").
    const state = type === 'place' ? STATE_ABBREVIATIONS.get(folded.join(' ')) : undefined;
    if (state) {
      for (const abbreviation of state) {
        this.insert(
          abbreviation.map((w) => this.token(w, true)),
          e,
          derived | N_ABBREVIATION,
        );
      }
    }
    if (words.length < 2) return;
    // "The Home Depot" is mostly written "Home Depot".
    if (folded[0] === 'the' && folded.length >= 3) this.insert(ids.slice(1), e, derived);
    // "J. K. Rowling" is also written "JK Rowling".
    const joined: string[] = [];
    for (let i = 0; i < folded.length; i++) {
      if (folded[i]!.length === 1 && folded[i + 1]?.length === 1) {
        let run = '';
        while (i < folded.length && folded[i]!.length === 1) run += folded[i++];
        joined.push(run);
        i--;
      } else joined.push(folded[i]!);
    }
    if (joined.length !== folded.length)
      this.insert(
        joined.map((w) => this.token(w, true)),
        e,
        derived,
      );
    // Words news abbreviates: "United States Department of Education" is written "U.S. Department of Education".
    const short = abbreviated(folded);
    if (short)
      for (const variant of short)
        this.insert(
          variant.map((w) => this.token(w, true)),
          e,
          derived,
        );
    if (type === 'person') {
      // "Martin D. Ginsburg" → "Martin Ginsburg"; "Recep Tayyip Erdoğan" → "Tayyip Erdoğan".
      const inner = ids.slice(1, -1);
      if (inner.length > 0 && inner.every((t) => this.tokens[t]!.length === 1)) {
        this.insert([ids[0]!, ids[ids.length - 1]!], e, derived);
      } else if (ids.length >= 3) {
        this.insert(ids.slice(1), e, derived);
        this.insert([ids[0]!, ids[ids.length - 1]!], e, derived);
      }
    } else if ((flags & N_LOWER) === 0 && (flags & N_ALLCAPS) === 0) {
      // "Food and Drug Administration" → "FDA".
      let acronym = '';
      let capitalised = 0;
      for (const w of words) {
        if (ACRONYM_SKIP.has(w.toLowerCase()) && (!CAPITALISED_RE.test(w) || acronym === ''))
          continue;
        if (!CAPITALISED_RE.test(w)) {
          acronym = '';
          break;
        }
        capitalised++;
        acronym += w[0]!.toLowerCase();
      }
      if (capitalised >= 2 && acronym.length >= 3 && /^[a-z0-9]+$/.test(acronym)) {
        this.insert([this.token(acronym, false)], e, derived | N_ACRONYM);
      }
      // Dotted initials of the words before "of" ("U.S." for United States of
      // America, "U.K." for United Kingdom): one token per letter.
      const head: string[] = [];
      for (const w of words) {
        if (!CAPITALISED_RE.test(w)) break;
        head.push(w[0]!.toLowerCase());
      }
      if (head.length >= 2 && head.length <= 4 && head.every((c) => /[a-z]/.test(c))) {
        this.insert(
          head.map((c) => this.token(c, false)),
          e,
          derived | N_ACRONYM,
        );
      }
      // "AVX Corporation" is "AVX" with a legal form, written "AVX Corp" or "AVX".
      if (LEGAL_FORMS.has(folded[folded.length - 1]!) && folded.length >= 2) {
        this.insert(ids.slice(0, -1), e, derived);
      }
    }
    // "Moody's Investors Service" is also written "Moodys Investors Service".
    if (/\p{L}['’]s\b/u.test(value)) {
      const joined = value.replace(/(\p{L})['’]s\b/gu, '$1s');
      const variant = nameTokens(joined);
      if (variant.length > 0)
        this.insert(
          variant.map((w) => this.token(w, true)),
          e,
          derived,
        );
    }
    // Each capitalised word of a multi-word name may appear in a partial mention
    // ("Ohio State" for Ohio State Buckeyes football); some stand for it alone.
    const genericTail = folded
      .slice(1)
      .every((w) => GENERIC_HEADS.has(w) || NAME_CONNECTORS.has(w));
    for (let i = 0; i < words.length; i++) {
      const w = folded[i]!;
      if (!CAPITALISED_RE.test(words[i]!) || w.length < 2 || STOPWORDS.has(w) || /^\d+$/.test(w))
        continue;
      let position = i === 0 ? P_FIRST : i === words.length - 1 ? P_LAST : P_MIDDLE;
      if (type === 'person' ? position !== P_MIDDLE && w.length > 1 : i === 0 && genericTail)
        position |= P_SHORT;
      this.partToken.push(ids[i]!);
      this.partEntity.push(e);
      this.partFlags.push(position);
    }
  }

  build(): KnowledgeIndex {
    const entityCount = this.ids.length;
    const popularity = Float32Array.from(this.popularity);
    const nodeCount = this.nodeCount;

    // Name postings grouped by trie node, one per (node, entity), most popular first
    // (so a reader may take the first few of a very ambiguous name).
    const post = groupBy(nodeCount, this.postNode, this.postEntity, this.postFlags, mergeFlags);
    sortGroups(post, (e) => popularity[e]!);

    // Name parts grouped by token, the most popular entities first, capped.
    const tokenCount = this.tokens.length;
    const parts = groupBy(
      tokenCount,
      this.partToken,
      this.partEntity,
      this.partFlags,
      (a, b) => a | b,
    );
    const partTotal = new Int32Array(tokenCount);
    const partStart = new Int32Array(tokenCount + 1);
    const partEntity = new IntList(Math.max(1024, parts.entity.length));
    const partFlags = new IntList(Math.max(1024, parts.entity.length));
    for (let t = 0; t < tokenCount; t++) {
      partStart[t] = partEntity.length;
      const from = parts.start[t]!;
      const to = parts.start[t + 1]!;
      partTotal[t] = to - from;
      let order: number[] = [];
      for (let k = from; k < to; k++) order.push(k);
      if (order.length > 1)
        order.sort((a, b) => popularity[parts.entity[b]!]! - popularity[parts.entity[a]!]!);
      if (order.length > MAX_PART_CANDIDATES) order = order.slice(0, MAX_PART_CANDIDATES);
      for (const k of order) {
        partEntity.push(parts.entity[k]!);
        partFlags.push(parts.flags[k]!);
      }
    }
    partStart[tokenCount] = partEntity.length;

    // Context words by entity, and how many entities each word describes.
    const ctx = groupBy(entityCount, this.ctxEntity, this.ctxToken, null, null);
    const contextDf = new Int32Array(tokenCount);
    for (let k = 0; k < ctx.entity.length; k++) contextDf[ctx.entity[k]!]!++;

    // Spelling-variant lookup over name words: phonetic key → words.
    const phoneticHead = new Map<string, number>();
    const phoneticNext = new Int32Array(tokenCount).fill(-1);
    for (let t = 0; t < tokenCount; t++) {
      const word = this.tokens[t]!;
      if (this.inName.data[t] !== 1 || word.length < 3 || !/^[a-z]+$/.test(word)) continue;
      const key = phoneticKey(word);
      if (key.length < 1) continue;
      const head = phoneticHead.get(key);
      if (head !== undefined) phoneticNext[t] = head;
      phoneticHead.set(key, t);
    }

    return new KnowledgeIndex({
      ids: this.ids,
      names: this.names,
      types: Uint8Array.from(this.types),
      popularity,
      byId: this.byId,
      tokens: this.tokens,
      edges: this.edges,
      nodeCount,
      postStart: post.start,
      postEntity: post.entity,
      postFlags: Uint8Array.from(post.flags),
      partStart,
      partEntity: partEntity.toArray(),
      partFlags: Uint8Array.from(partFlags.toArray()),
      partTotal,
      ctxStart: ctx.start,
      ctxToken: ctx.entity,
      contextDf,
      phoneticHead,
      phoneticNext,
      nameCount: this.nameCount,
    });
  }
}

/** Sorts each CSR group by descending weight of its values (flags move along). */
function sortGroups(
  g: { start: Int32Array; entity: Int32Array; flags: Int32Array },
  weight: (v: number) => number,
): void {
  const order: number[] = [];
  for (let k = 0; k + 1 < g.start.length; k++) {
    const from = g.start[k]!;
    const to = g.start[k + 1]!;
    if (to - from < 2) continue;
    order.length = 0;
    for (let i = from; i < to; i++) order.push(i);
    order.sort((a, b) => weight(g.entity[b]!) - weight(g.entity[a]!));
    const values = order.map((i) => g.entity[i]!);
    const flags = order.map((i) => g.flags[i]!);
    for (let i = 0; i < values.length; i++) {
      g.entity[from + i] = values[i]!;
      g.flags[from + i] = flags[i]!;
    }
  }
}

/** Legal-form words that end company names. */
const LEGAL_FORMS = new Set(
  'corporation corp incorporated inc company co limited ltd plc llc ag sa nv gmbh group holdings'.split(
    ' ',
  ),
);

// AP-style abbreviations of US states (those not also a common word or title).
const STATE_ABBREVIATIONS = new Map<string, string[][]>(
  (
    [
      ['alabama', 'ala'],
      ['arizona', 'ariz'],
      ['arkansas', 'ark'],
      ['california', 'calif'],
      ['colorado', 'colo'],
      ['connecticut', 'conn'],
      ['delaware', 'del'],
      ['florida', 'fla'],
      ['illinois', 'ill'],
      ['kansas', 'kan'],
      ['kentucky', 'ky'],
      ['louisiana', 'la'],
      ['maryland', 'md'],
      ['massachusetts', 'mass'],
      ['michigan', 'mich'],
      ['minnesota', 'minn'],
      ['missouri', 'mo'],
      ['montana', 'mont'],
      ['nebraska', 'neb'],
      ['nevada', 'nev'],
      ['new hampshire', 'n h'],
      ['new jersey', 'n j'],
      ['new mexico', 'n m'],
      ['new york', 'n y'],
      ['north carolina', 'n c'],
      ['north dakota', 'n d'],
      ['oklahoma', 'okla'],
      ['oregon', 'ore'],
      ['pennsylvania', 'pa'],
      ['rhode island', 'r i'],
      ['south carolina', 's c'],
      ['south dakota', 's d'],
      ['tennessee', 'tenn'],
      ['vermont', 'vt'],
      ['virginia', 'va'],
      ['washington', 'wash'],
      ['west virginia', 'w va'],
      ['wisconsin', 'wis'],
      ['wyoming', 'wyo'],
    ] as const
  ).map(([name, short]) => [name, [short.split(' ')]]),
);

const ABBREVIATED: [string[], string[][]][] = [
  [
    ['united', 'states'],
    [['u', 's'], ['us']],
  ],
  [['united', 'kingdom'], [['uk']]],
  [['saint'], [['st']]],
  [['mount'], [['mt']]],
  [['fort'], [['ft']]],
];

const ABBREVIATION_STARTS = new Set(ABBREVIATED.map(([long]) => long[0]!));

/** Variants of a folded name with its first abbreviable phrase abbreviated, or null. */
function abbreviated(words: readonly string[]): string[][] | null {
  if (!words.some((w) => ABBREVIATION_STARTS.has(w))) return null;
  for (const [long, shorts] of ABBREVIATED) {
    for (let i = 0; i + long.length <= words.length; i++) {
      if (long.every((w, k) => words[i + k] === w) && words.length > long.length) {
        return shorts.map((s) => [...words.slice(0, i), ...s, ...words.slice(i + long.length)]);
      }
    }
  }
  return null;
}

/**
 * Counting sort of (key, value, flags) triples into CSR form, one entry per
 * (key, value) with merged flags (or duplicates dropped when there are no flags).
 */
function groupBy(
  keyCount: number,
  keys: IntList,
  values: IntList,
  flags: IntList | null,
  merge: ((a: number, b: number) => number) | null,
): { start: Int32Array; entity: Int32Array; flags: Int32Array } {
  const n = keys.length;
  const counts = new Int32Array(keyCount + 1);
  for (let i = 0; i < n; i++) counts[keys.data[i]! + 1]!++;
  for (let k = 0; k < keyCount; k++) counts[k + 1]! += counts[k]!;
  const fill = counts.slice(0, keyCount);
  const sortedValues = new Int32Array(n);
  const sortedFlags = new Int32Array(flags ? n : 0);
  for (let i = 0; i < n; i++) {
    const slot = fill[keys.data[i]!]!++;
    sortedValues[slot] = values.data[i]!;
    if (flags) sortedFlags[slot] = flags.data[i]!;
  }
  // Merge duplicates inside each group: a scan for the usual tiny groups, a map for big ones.
  const start = new Int32Array(keyCount + 1);
  const seen = new Map<number, number>();
  let out = 0;
  for (let k = 0; k < keyCount; k++) {
    start[k] = out;
    const from = counts[k]!;
    const to = counts[k + 1]!;
    const big = to - from > 16;
    if (big) seen.clear();
    for (let i = from; i < to; i++) {
      const v = sortedValues[i]!;
      let dup = -1;
      if (big) dup = seen.get(v) ?? -1;
      else {
        for (let j = start[k]!; j < out; j++) {
          if (sortedValues[j] === v) {
            dup = j;
            break;
          }
        }
      }
      if (dup >= 0) {
        if (flags && merge) sortedFlags[dup] = merge(sortedFlags[dup]!, sortedFlags[i]!);
        continue;
      }
      if (big) seen.set(v, out);
      sortedValues[out] = v;
      if (flags) sortedFlags[out] = sortedFlags[i]!;
      out++;
    }
  }
  start[keyCount] = out;
  return {
    start,
    entity: sortedValues.slice(0, out),
    flags: sortedFlags.slice(0, flags ? out : 0),
  };
}

export interface IndexParts {
  ids: string[];
  names: string[];
  types: Uint8Array;
  popularity: Float32Array;
  /** Entity by id; built on first use when absent (a loaded snapshot leaves it out). */
  byId?: Map<string, number>;
  tokens: string[];
  edges: EdgeTable;
  nodeCount: number;
  postStart: Int32Array;
  postEntity: Int32Array;
  postFlags: Uint8Array;
  partStart: Int32Array;
  partEntity: Int32Array;
  partFlags: Uint8Array;
  partTotal: Int32Array;
  ctxStart: Int32Array;
  ctxToken: Int32Array;
  contextDf: Int32Array;
  phoneticHead: Map<string, number>;
  phoneticNext: Int32Array;
  nameCount: number;
}

/**
 * The compact in-memory knowledge base the linker reads: entities in parallel
 * arrays, a token trie over every folded name (Aho-Corasick-style longest-match
 * walks from each word), name parts for partial mentions, context words, and a
 * phonetic index over name words for misspellings and transliterations.
 */
export class KnowledgeIndex {
  readonly postEntity: Int32Array;
  readonly postFlags: Uint8Array;
  readonly partEntity: Int32Array;
  readonly partFlags: Uint8Array;
  readonly ctxToken: Int32Array;
  private readonly p: IndexParts;
  private readonly idfs: Float32Array;
  private readonly tokenLength: Uint8Array;
  /** Word hashes of the vocabulary (see text/word-hash). */
  readonly tokenHash: Int32Array;
  /**
   * Context words as (hash, idf) pairs in entity order, side by side in one
   * buffer (read as integers and as floats): entity e's words are pairs
   * contextStart(e) … contextEnd(e) - 1, one sequential read per entity.
   */
  readonly ctxHash: Int32Array;
  readonly ctxIdf: Float32Array;
  private readonly hasChildren: Uint8Array;
  /**
   * What disambiguation reads of each candidate, side by side (one cache line
   * instead of three random reads): (context start, context end, popularity as
   * float bits, type code) per entity.
   */
  private readonly entityInfo: Int32Array;
  private readonly entityInfoFloat: Float32Array;
  /**
   * The vocabulary by word hash: open addressing over (hash, token + 1) pairs, side
   * by side so that a probe reads one cache line; at most half full.
   */
  private readonly vocabulary: Int32Array;
  private readonly vocabularyMask: number;
  // Spelling variants of words seen in recent articles: names recur in a news stream.
  private readonly fuzzyCache = new Map<string, FuzzyToken[]>();

  constructor(parts: IndexParts) {
    this.p = parts;
    this.idfs = new Float32Array(parts.contextDf.length);
    const n = parts.ids.length + 1;
    for (let t = 0; t < this.idfs.length; t++)
      this.idfs[t] = Math.log(n / (parts.contextDf[t]! + 1));
    this.tokenLength = new Uint8Array(parts.tokens.length);
    for (let t = 0; t < parts.tokens.length; t++)
      this.tokenLength[t] = Math.min(255, parts.tokens[t]!.length);
    this.tokenHash = Int32Array.from(parts.tokens, wordHash);
    let slots = 16;
    while (slots < parts.tokens.length * 2) slots *= 2;
    this.vocabulary = new Int32Array(slots * 2);
    this.vocabularyMask = slots - 1;
    for (let t = 0; t < parts.tokens.length; t++) {
      const h = this.tokenHash[t]!;
      let i = (h ^ (h >>> 16)) & this.vocabularyMask;
      while (this.vocabulary[2 * i + 1] !== 0) i = (i + 1) & this.vocabularyMask;
      this.vocabulary[2 * i] = h;
      this.vocabulary[2 * i + 1] = t + 1;
    }
    const pairs = new ArrayBuffer(parts.ctxToken.length * 8);
    this.ctxHash = new Int32Array(pairs);
    this.ctxIdf = new Float32Array(pairs);
    for (let k = 0; k < parts.ctxToken.length; k++) {
      this.ctxHash[2 * k] = this.tokenHash[parts.ctxToken[k]!]!;
      this.ctxIdf[2 * k + 1] = this.idfs[parts.ctxToken[k]!]!;
    }
    const info = new ArrayBuffer(parts.ids.length * 16);
    this.entityInfo = new Int32Array(info);
    this.entityInfoFloat = new Float32Array(info);
    for (let e = 0; e < parts.ids.length; e++) {
      this.entityInfo[4 * e] = parts.ctxStart[e]!;
      this.entityInfo[4 * e + 1] = parts.ctxStart[e + 1]!;
      this.entityInfoFloat[4 * e + 2] = parts.popularity[e]!;
      this.entityInfo[4 * e + 3] = parts.types[e]!;
    }
    // Trie nodes with children: a walk stops at a leaf without looking up the next word.
    this.hasChildren = new Uint8Array(parts.nodeCount);
    parts.edges.forEachParent((node) => (this.hasChildren[node] = 1));
    this.postEntity = parts.postEntity;
    this.postFlags = parts.postFlags;
    this.partEntity = parts.partEntity;
    this.partFlags = parts.partFlags;
    this.ctxToken = parts.ctxToken;
  }

  /** The index's parts, for a snapshot. */
  parts(): Readonly<IndexParts> {
    return this.p;
  }

  static fromRecords(records: Iterable<KbRecord>): KnowledgeIndex {
    const builder = new KnowledgeIndexBuilder();
    for (const record of records) builder.add(record);
    return builder.build();
  }

  get size(): number {
    return this.p.ids.length;
  }

  get stats(): IndexStats {
    return {
      entities: this.p.ids.length,
      names: this.p.nameCount,
      tokens: this.p.tokens.length,
      trieNodes: this.p.nodeCount,
      postings: this.p.postEntity.length,
      partPostings: this.p.partEntity.length,
      contextPostings: this.p.ctxToken.length,
      phoneticKeys: this.p.phoneticHead.size,
    };
  }

  // Entities.
  id(e: number): string {
    return this.p.ids[e]!;
  }
  qid(e: number): string | null {
    const id = this.p.ids[e]!;
    return isQid(id) ? id : null;
  }
  name(e: number): string {
    return this.p.names[e]!;
  }
  type(e: number): EntityType {
    return ENTITY_TYPES[this.entityInfo[4 * e + 3]!]!;
  }
  popularity(e: number): number {
    return this.entityInfoFloat[4 * e + 2]!;
  }
  entityIndex(id: string): number {
    if (!this.p.byId) {
      const byId = new Map<string, number>();
      this.p.ids.forEach((x, e) => byId.set(x, e));
      this.p.byId = byId;
    }
    return this.p.byId.get(id) ?? -1;
  }

  // Words.
  /** The word id of a folded word, or -1; `hash` is its `wordHash` when the caller has it. */
  tokenId(folded: string, hash = wordHash(folded)): number {
    const table = this.vocabulary;
    const mask = this.vocabularyMask;
    for (let i = (hash ^ (hash >>> 16)) & mask; ; i = (i + 1) & mask) {
      const t = table[2 * i + 1]! - 1;
      if (t < 0) return -1;
      if (table[2 * i] === hash && this.p.tokens[t] === folded) return t;
    }
  }
  token(t: number): string {
    return this.p.tokens[t]!;
  }

  // The trie of names.
  child(node: number, token: number): number {
    return this.p.edges.get(node, token);
  }
  /** Whether any name continues after this node. */
  isLeaf(node: number): boolean {
    return this.hasChildren[node] === 0;
  }
  postingStart(node: number): number {
    return this.p.postStart[node]!;
  }
  postingEnd(node: number): number {
    return this.p.postStart[node + 1]!;
  }
  /** The trie node spelling these folded words, or -1. */
  nodeOf(words: readonly string[]): number {
    let node = 0;
    for (const w of words) {
      const t = this.tokenId(w);
      if (t < 0) return -1;
      node = this.child(node, t);
      if (node < 0) return -1;
    }
    return node;
  }

  // Name parts.
  partStart(token: number): number {
    return this.p.partStart[token]!;
  }
  partEnd(token: number): number {
    return this.p.partStart[token + 1]!;
  }
  /** Whether the word is the first name of some person in the KB (a given name). */
  isGivenName(token: number): boolean {
    for (let k = this.partStart(token); k < this.partEnd(token); k++) {
      if (this.partFlags[k]! & P_FIRST && this.type(this.partEntity[k]!) === 'person') return true;
    }
    return false;
  }

  /** How many entities have this word in a multi-word name (before capping). */
  partTotal(token: number): number {
    return this.p.partTotal[token]!;
  }

  // Context words.
  contextStart(e: number): number {
    return this.entityInfo[4 * e]!;
  }
  contextEnd(e: number): number {
    return this.entityInfo[4 * e + 1]!;
  }
  /** Inverse document frequency of a context word among entity descriptions and names. */
  idf(token: number): number {
    return this.idfs[token]!;
  }

  /**
   * Name words spelled like `folded`: same phonetic key, or the key with one letter
   * dropped, confirmed by edit distance. The word itself is left out.
   */
  fuzzyTokens(folded: string, minSimilarity = 0.62): FuzzyToken[] {
    if (folded.length < 5 || !/^[a-z]+$/.test(folded)) return [];
    const cached = this.fuzzyCache.get(folded);
    if (cached) return cached;
    const found = this.findFuzzy(folded, minSimilarity);
    if (this.fuzzyCache.size >= 50_000) this.fuzzyCache.clear();
    this.fuzzyCache.set(folded, found);
    return found;
  }

  private findFuzzy(folded: string, minSimilarity: number): FuzzyToken[] {
    const key = phoneticKey(folded);
    if (key.length < 1) return [];
    const out: FuzzyToken[] = [];
    const seen = new Set<number>();
    const lengths = this.tokenLength;
    const n = folded.length;
    const visit = (k: string, sameKey: boolean) => {
      let budget = 4000; // a bound on pathological buckets
      for (
        let t = this.p.phoneticHead.get(k) ?? -1;
        t >= 0 && budget-- > 0;
        t = this.p.phoneticNext[t]!
      ) {
        const length = lengths[t]!;
        if (length > n + 3 || length + 3 < n || seen.has(t)) continue;
        seen.add(t);
        const word = this.p.tokens[t]!;
        if (word === folded) continue;
        const similarity = spellingSimilarity(word, folded, minSimilarity);
        if (similarity >= (sameKey ? minSimilarity : minSimilarity + 0.13))
          out.push({ token: t, similarity, sameKey });
      }
    };
    visit(key, true);
    if (key.length >= 4) for (const k of keyDeletions(key)) visit(k, false);
    return out.sort((a, b) => b.similarity - a.similarity);
  }
}
