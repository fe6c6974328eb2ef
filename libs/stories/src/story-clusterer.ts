import { DEFAULT_FEATURES, articleTerms, splitHeadline, type FeatureOptions } from './features';
import { linkClusters, type Edge } from './link-clustering';
import { dot, unitVector, type SparseVector } from './sparse';

export interface StoryOptions extends Partial<FeatureOptions> {
  /** Nearest neighbours each article links to (default 4). */
  neighbours?: number;
  /**
   * Share of a group's link weight that must go to another group for the two
   * to be one story (default 0.15). It compares groups with each other, not
   * with a global similarity scale, so it carries over between corpora.
   */
  minShare?: number;
  /** Cosine similarity (TF-IDF) below which two articles are not linked at all (default 0.1). */
  minSimilarity?: number;
  /** Re-cluster the open window every this many articles (default 50; 0 = only on refine()). */
  refineEvery?: number;
  /** Articles kept linkable, newest first (default 50,000). */
  maxArticles?: number;
  /** Articles older than this (ms, by their `at`) are no longer linked to (default 7 days). */
  windowMs?: number;
  /** A story without a new article for this long is closed (ms; default 2 days). */
  inactivityMs?: number;
  /** Highest-weighted terms of an article used to look up neighbour candidates (default 16). */
  candidateTerms?: number;
  /** Newest articles per term looked at when finding candidates (default 64). */
  postingsPerTerm?: number;
  /** Terms kept per article vector, the heaviest by TF-IDF (default 100). */
  maxTerms?: number;
}

export interface StoryArticle {
  id: string;
  title?: string | null;
  text: string;
  /** Publication or ingestion time (ms since the epoch); without it nothing ages out. */
  at?: number;
}

export interface StorySummary {
  id: string;
  /** Headline of the story's most central article. */
  title: string;
  firstSeen: number | null;
  lastSeen: number | null;
  articleCount: number;
}

export interface StoryAssignment {
  story: StorySummary;
  /** Whether this article opened the story. */
  isNew: boolean;
  /** Cosine similarity to the closest article of the story it joined; 0 if it opened it. */
  similarity: number;
  /** Moves of other articles made by the refinement this article triggered (every refineEvery). */
  changes: StoryChange[];
}

/** An article that refinement moved to another story. */
export interface StoryChange {
  articleId: string;
  from: string;
  to: string;
}

interface Neighbour {
  seq: number;
  weight: number;
}

interface Slot {
  id: string;
  seq: number;
  at: number | null;
  headline: string;
  vector: SparseVector;
  neighbours: Neighbour[];
  story: string;
}

interface Retired {
  title: string;
  firstSeen: number | null;
  lastSeen: number | null;
  count: number;
}

type Resolved = Required<StoryOptions>;

const DAY = 86_400_000;
const DEFAULTS: Resolved = {
  ...DEFAULT_FEATURES,
  neighbours: 4,
  minShare: 0.15,
  minSimilarity: 0.1,
  refineEvery: 50,
  maxArticles: 50_000,
  windowMs: 7 * DAY,
  inactivityMs: 2 * DAY,
  candidateTerms: 16,
  postingsPerTerm: 64,
  maxTerms: 100,
};
/** Every this many refinements the whole window is re-examined (see refine()). */
const FULL_REFINE_EVERY = 50;
/** Most neighbour candidates scored exactly per article. */
const MAX_CANDIDATES = 128;
/** Retired stories remembered for their summaries (oldest forgotten first). */
const MAX_RETIRED = 100_000;

/**
 * Online clustering of articles into stories (events).
 *
 * Each article becomes a TF-IDF vector (document frequencies counted as
 * articles arrive) and is linked to its `neighbours` most similar articles in
 * the open window; those neighbours may take it in their own lists in turn.
 * An article joins the story holding most of its link weight, if that is at
 * least `minShare` of it, or opens a story. Every `refineEvery` articles the
 * window's link graph is re-clustered (see linkClusters), so early decisions
 * made on little evidence get corrected, e.g. when the first article of a
 * second, similar event joined the first one's story.
 */
export class StoryClusterer {
  readonly options: Readonly<Resolved>;
  private readonly terms = new Map<string, number>();
  private df: Uint32Array = new Uint32Array(1024);
  private documents = 0;
  /** Open window as a ring indexed by seq % maxArticles. */
  private readonly ring: (Slot | undefined)[];
  private nextSeq = 0;
  private oldestSeq = 0;
  private readonly bySeqOfId = new Map<string, number>();
  /** term id -> [seq, weight, seq, weight, ...] of window articles, oldest first. */
  private readonly postings = new Map<number, number[]>();
  private readonly members = new Map<string, Set<number>>();
  private readonly storyLast = new Map<string, number>();
  private readonly retired = new Map<string, Retired>();
  private sinceRefine = 0;
  /** Component (its earliest seq) of each linked article at the last refinement. */
  private readonly componentOf = new Map<number, number>();
  /** Components changed since the last refinement (new articles have none yet). */
  private readonly dirty = new Set<number>();
  /** Members of each component (by its earliest seq) at the last refinement. */
  private readonly componentMembers = new Map<number, number[]>();
  /** Articles from this seq on arrived after the last refinement. */
  private refinedUpTo = 0;
  private refines = 0;
  private lastAt: number | null = null;

  constructor(options: StoryOptions = {}) {
    this.options = Object.freeze({ ...DEFAULTS, ...stripUndefined(options) });
    if (this.options.neighbours < 1) throw new Error('neighbours must be at least 1');
    if (this.options.maxArticles < 1) throw new Error('maxArticles must be at least 1');
    this.ring = new Array<Slot | undefined>(this.options.maxArticles);
  }

  private termId(term: string): number {
    let id = this.terms.get(term);
    if (id === undefined) {
      id = this.terms.size;
      this.terms.set(term, id);
      if (id >= this.df.length) {
        const grown = new Uint32Array(this.df.length * 2);
        grown.set(this.df);
        this.df = grown;
      }
    }
    return id;
  }

  private vectorOf(article: StoryArticle): SparseVector {
    const weights = articleTerms(article.title, article.text, this.options);
    this.documents++;
    const entries: [number, number][] = [];
    for (const [term, w] of weights) {
      const id = this.termId(term);
      this.df[id]!++;
      entries.push([id, w]);
    }
    for (const e of entries) e[1] *= Math.log((this.documents + 1) / (this.df[e[0]]! + 1)) + 1;
    // The heaviest terms carry the similarity; the tail only costs time and memory.
    if (entries.length > this.options.maxTerms) {
      entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      entries.length = this.options.maxTerms;
    }
    return unitVector(entries);
  }

  private slot(seq: number): Slot | undefined {
    if (seq < this.oldestSeq || seq >= this.nextSeq) return undefined;
    const s = this.ring[seq % this.options.maxArticles];
    return s && s.seq === seq ? s : undefined;
  }

  /** Still linkable: in the window and its story not closed for inactivity. */
  private live(s: Slot, now: number | null): boolean {
    if (now === null) return true;
    const last = this.storyLast.get(s.story);
    return last === undefined || now - last <= this.options.inactivityMs;
  }

  assign(article: StoryArticle): StoryAssignment {
    if (this.bySeqOfId.has(article.id))
      throw new Error(`article ${article.id} was already assigned`);
    const vector = this.vectorOf(article);
    const at = article.at ?? null;
    if (at !== null) this.lastAt = this.lastAt === null ? at : Math.max(this.lastAt, at);
    const now = this.lastAt;
    this.expire(now);

    const { neighbours: k, minSimilarity } = this.options;
    const seq = this.nextSeq;
    const own: Neighbour[] = [];
    const linked = new Map<number, number>(); // seq -> weight, both directions
    for (const other of this.candidates(vector, now)) {
      const weight = dot(vector, other.vector);
      if (weight < minSimilarity) continue;
      if (offer(own, { seq: other.seq, weight }, k)) linked.set(other.seq, weight);
      if (offer(other.neighbours, { seq, weight }, k)) {
        linked.set(other.seq, weight);
        this.touch(other.seq);
      }
    }
    for (const [other] of linked)
      if (
        !own.some((n) => n.seq === other) &&
        !this.slot(other)!.neighbours.some((n) => n.seq === seq)
      )
        linked.delete(other);

    // Join the story holding most of the link weight, if enough of it.
    const byStory = new Map<string, { weight: number; best: number; first: number }>();
    let total = 0;
    for (const [other, weight] of linked) {
      const s = this.slot(other)!;
      total += weight;
      const e = byStory.get(s.story) ?? { weight: 0, best: 0, first: other };
      e.weight += weight;
      e.best = Math.max(e.best, weight);
      e.first = Math.min(e.first, other);
      byStory.set(s.story, e);
    }
    let story: string | null = null;
    let top: { weight: number; best: number; first: number } | null = null;
    for (const [id, e] of byStory) {
      if (!top || e.weight > top.weight || (e.weight === top.weight && e.first < top.first)) {
        story = id;
        top = e;
      }
    }
    const isNew = !(story && top && top.weight >= this.options.minShare * total);
    const storyId = isNew ? `s-${article.id}` : story!;

    const { headline } = splitHeadline(article.title, article.text);
    this.insert({
      id: article.id,
      seq,
      at,
      headline: headline || article.text.trim().slice(0, 120),
      vector,
      neighbours: own,
      story: storyId,
    });
    const changes =
      this.options.refineEvery > 0 && ++this.sinceRefine >= this.options.refineEvery
        ? this.refine().filter((c) => c.articleId !== article.id)
        : [];
    const current = this.slot(seq)?.story ?? storyId;
    return {
      story: this.summary(current),
      isNew: isNew && current === storyId,
      similarity: isNew ? 0 : top!.best,
      changes,
    };
  }

  /**
   * Articles sharing the vector's heaviest terms (newest first per term),
   * ranked by their similarity over these terms alone; the exact similarity
   * is then computed for the MAX_CANDIDATES best.
   */
  private candidates(vector: SparseVector, now: number | null): Slot[] {
    const order = [...vector.ids.keys()].sort(
      (a, b) => vector.weights[b]! - vector.weights[a]! || a - b,
    );
    const partial = new Map<number, number>();
    for (const i of order.slice(0, this.options.candidateTerms)) {
      const list = this.postings.get(vector.ids[i]!);
      if (!list) continue;
      const q = vector.weights[i]!;
      const stop = Math.max(0, list.length - 2 * this.options.postingsPerTerm);
      for (let p = list.length - 2; p >= stop; p -= 2) {
        const seq = list[p]!;
        if (seq < this.oldestSeq) break;
        partial.set(seq, (partial.get(seq) ?? 0) + q * list[p + 1]!);
      }
    }
    const ranked = [...partial].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, MAX_CANDIDATES);
    const out: Slot[] = [];
    for (const [seq] of ranked) {
      const s = this.slot(seq);
      if (s && this.live(s, now)) out.push(s);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  private insert(s: Slot): void {
    const { maxArticles, postingsPerTerm } = this.options;
    if (this.nextSeq - this.oldestSeq >= maxArticles) this.evict();
    this.ring[s.seq % maxArticles] = s;
    this.nextSeq = s.seq + 1;
    this.bySeqOfId.set(s.id, s.seq);
    s.vector.ids.forEach((id, k) => {
      let list = this.postings.get(id);
      if (!list) this.postings.set(id, (list = []));
      list.push(s.seq, s.vector.weights[k]!);
      // Drop what lookups can no longer reach, now and then.
      if (list.length > 8 * postingsPerTerm) list.splice(0, list.length - 2 * postingsPerTerm);
    });
    this.addMember(s);
  }

  private addMember(s: Slot): void {
    let set = this.members.get(s.story);
    if (!set) this.members.set(s.story, (set = new Set()));
    set.add(s.seq);
    if (s.at !== null)
      this.storyLast.set(s.story, Math.max(this.storyLast.get(s.story) ?? s.at, s.at));
  }

  private removeMember(s: Slot): void {
    const set = this.members.get(s.story);
    set?.delete(s.seq);
    if (set && set.size === 0) this.members.delete(s.story);
  }

  /** Drops the oldest article from the window; its story keeps counting it. */
  private evict(): void {
    const s = this.slot(this.oldestSeq);
    this.oldestSeq++;
    if (!s) return;
    this.ring[s.seq % this.options.maxArticles] = undefined;
    this.bySeqOfId.delete(s.id);
    this.touch(s.seq);
    this.componentOf.delete(s.seq);
    for (const id of s.vector.ids) {
      const list = this.postings.get(id);
      if (list && list[list.length - 2]! < this.oldestSeq) this.postings.delete(id);
    }
    const r = this.retired.get(s.story) ?? {
      title: s.headline,
      firstSeen: s.at,
      lastSeen: s.at,
      count: 0,
    };
    r.count++;
    if (s.at !== null) {
      r.firstSeen = r.firstSeen === null ? s.at : Math.min(r.firstSeen, s.at);
      r.lastSeen = r.lastSeen === null ? s.at : Math.max(r.lastSeen, s.at);
    }
    this.retired.delete(s.story);
    this.retired.set(s.story, r);
    if (this.retired.size > MAX_RETIRED) this.retired.delete(this.retired.keys().next().value!);
    this.removeMember(s);
    if (!this.members.has(s.story)) this.storyLast.delete(s.story);
  }

  private expire(now: number | null): void {
    if (now === null) return;
    for (;;) {
      const s = this.slot(this.oldestSeq);
      if (this.oldestSeq >= this.nextSeq) return;
      if (s && (s.at === null || now - s.at <= this.options.windowMs)) return;
      this.evict();
    }
  }

  /**
   * Re-clusters the open window from its link graph and moves articles whose
   * story changed. A group keeps the id of its earliest article's story, so
   * stories keep their ids as they grow; a group split off gets a new one.
   */
  refine(): StoryChange[] {
    this.sinceRefine = 0;
    const now = this.lastAt;
    // Usually only the region the new articles touched is looked at; every
    // FULL_REFINE_EVERY-th time the whole window is, which also catches
    // components whose stories closed for inactivity in the meantime.
    const full = this.componentMembers.size === 0 || ++this.refines % FULL_REFINE_EVERY === 0;
    const seqs: number[] = [];
    const pulled = new Set<number>(); // old components taken in whole
    if (full) {
      for (let seq = this.oldestSeq; seq < this.nextSeq; seq++) seqs.push(seq);
    } else {
      const take = (component: number | undefined) => {
        if (component === undefined || pulled.has(component)) return;
        pulled.add(component);
        for (const seq of this.componentMembers.get(component) ?? []) seqs.push(seq);
      };
      for (const c of this.dirty) take(c);
      for (let seq = Math.max(this.refinedUpTo, this.oldestSeq); seq < this.nextSeq; seq++) {
        seqs.push(seq);
        // Its own links may reach components that did not change otherwise.
        for (const n of this.slot(seq)?.neighbours ?? []) take(this.componentOf.get(n.seq));
      }
      seqs.sort((a, b) => a - b);
    }
    const nodes: Slot[] = [];
    let last = -1;
    for (const seq of seqs) {
      if (seq === last) continue;
      last = seq;
      const s = this.slot(seq);
      if (s && this.live(s, now)) nodes.push(s);
    }
    const index = new Map<number, number>(nodes.map((s, i) => [s.seq, i]));
    if (full) {
      // Articles gone since (stories closed for inactivity) change their component.
      for (const [seq, c] of this.componentOf) if (!index.has(seq)) this.dirty.add(c);
    }
    const edges: Edge[] = [];
    const seen = new Set<number>();
    nodes.forEach((s, i) => {
      for (const n of s.neighbours) {
        const j = index.get(n.seq);
        if (j === undefined) continue;
        const key = Math.min(i, j) * nodes.length + Math.max(i, j);
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({ a: i, b: j, weight: n.weight });
      }
    });
    // Clustering never crosses connected components, so only components with
    // a change since the last refinement are re-clustered: same result, less work.
    const component = components(nodes.length, edges);
    const changed = new Set<number>();
    nodes.forEach((s, i) => {
      const before = this.componentOf.get(s.seq);
      if (before === undefined || this.dirty.has(before) || pulled.has(before))
        changed.add(component[i]!);
    });
    const sub: number[] = [];
    const subIndex = new Map<number, number>();
    nodes.forEach((_, i) => {
      if (!changed.has(component[i]!)) return;
      subIndex.set(i, sub.length);
      sub.push(i);
    });
    const subEdges: Edge[] = [];
    for (const e of edges) {
      const a = subIndex.get(e.a);
      const b = subIndex.get(e.b);
      if (a !== undefined && b !== undefined) subEdges.push({ a, b, weight: e.weight });
    }
    const label = linkClusters(sub.length, subEdges, this.options.minShare);
    const named = new Map<number, string>();
    const taken = new Set<string>();
    const changes: StoryChange[] = [];
    sub.forEach((i, k) => {
      const s = nodes[i]!;
      const root = label[k]!;
      let id = named.get(root);
      if (id === undefined) {
        // Nodes come in seq order, so the first node seen of a group is its earliest.
        const earliest = nodes[sub[root]!]!;
        id = taken.has(earliest.story) ? `s-${earliest.id}` : earliest.story;
        named.set(root, id);
        taken.add(id);
      }
      if (s.story !== id) {
        changes.push({ articleId: s.id, from: s.story, to: id });
        this.removeMember(s);
        s.story = id;
        this.addMember(s);
      }
    });
    for (const story of new Set(changes.map((c) => c.from))) {
      if (!this.members.has(story)) this.storyLast.delete(story);
      else this.recomputeLast(story);
    }
    // The components of the nodes looked at replace those they came from.
    if (full) {
      this.componentOf.clear();
      this.componentMembers.clear();
    } else {
      for (const c of [...pulled, ...this.dirty]) {
        for (const seq of this.componentMembers.get(c) ?? []) this.componentOf.delete(seq);
        this.componentMembers.delete(c);
      }
    }
    nodes.forEach((s, i) => {
      const root = nodes[component[i]!]!.seq;
      this.componentOf.set(s.seq, root);
      const list = this.componentMembers.get(root);
      if (list) list.push(s.seq);
      else this.componentMembers.set(root, [s.seq]);
    });
    this.dirty.clear();
    this.refinedUpTo = this.nextSeq;
    return changes;
  }

  /** Marks the component an article's change can affect (new articles count as changed anyway). */
  private touch(seq: number): void {
    const c = this.componentOf.get(seq);
    if (c !== undefined) this.dirty.add(c);
  }

  private recomputeLast(story: string): void {
    let last: number | undefined;
    for (const seq of this.members.get(story) ?? []) {
      const at = this.slot(seq)?.at;
      if (at !== null && at !== undefined) last = last === undefined ? at : Math.max(last, at);
    }
    if (last === undefined) this.storyLast.delete(story);
    else this.storyLast.set(story, last);
  }

  /** Whether a story still has articles in the open window. */
  hasMembers(storyId: string): boolean {
    return this.members.has(storyId);
  }

  /** The story an article of the open window is in now. */
  storyOf(articleId: string): string | undefined {
    const seq = this.bySeqOfId.get(articleId);
    return seq === undefined ? undefined : this.slot(seq)?.story;
  }

  /** A story's current state: its open-window articles plus those that left the window. */
  summary(storyId: string): StorySummary {
    const retired = this.retired.get(storyId);
    const seqs = [...(this.members.get(storyId) ?? [])].sort((a, b) => a - b);
    let firstSeen = retired?.firstSeen ?? null;
    let lastSeen = retired?.lastSeen ?? null;
    // The most central article: the most link weight to the rest of its story.
    let title = retired?.title ?? '';
    let best = -1;
    for (const seq of seqs) {
      const s = this.slot(seq)!;
      if (s.at !== null) {
        firstSeen = firstSeen === null ? s.at : Math.min(firstSeen, s.at);
        lastSeen = lastSeen === null ? s.at : Math.max(lastSeen, s.at);
      }
      let centrality = 0;
      for (const n of s.neighbours) if (this.slot(n.seq)?.story === storyId) centrality += n.weight;
      if (centrality > best) {
        best = centrality;
        title = s.headline;
      }
    }
    return {
      id: storyId,
      title,
      firstSeen,
      lastSeen,
      articleCount: seqs.length + (retired?.count ?? 0),
    };
  }

  /** Stories with articles in the open window, largest first. */
  stories(): StorySummary[] {
    return [...this.members.keys()]
      .map((id) => this.summary(id))
      .sort((a, b) => b.articleCount - a.articleCount || (a.id < b.id ? -1 : 1));
  }

  /** The whole state as JSON-safe data: restore() continues exactly from it. */
  serialize(): string {
    const slots: unknown[] = [];
    for (let seq = this.oldestSeq; seq < this.nextSeq; seq++) {
      const s = this.slot(seq);
      if (!s) continue;
      slots.push([
        s.id,
        s.seq,
        s.at,
        s.headline,
        Array.from(s.vector.ids),
        Array.from(s.vector.weights),
        s.neighbours.flatMap((n) => [n.seq, n.weight]),
        s.story,
      ]);
    }
    return JSON.stringify({
      format: 'newsgraph/stories@1',
      options: this.options,
      terms: [...this.terms.keys()],
      df: Array.from(this.df.subarray(0, this.terms.size)),
      documents: this.documents,
      nextSeq: this.nextSeq,
      oldestSeq: this.oldestSeq,
      lastAt: this.lastAt,
      sinceRefine: this.sinceRefine,
      retired: [...this.retired],
      slots,
      // Which components the next refinement re-clusters: part of the state, or a
      // restored clusterer would re-cluster (and may rename) more than the original.
      componentOf: [...this.componentOf],
      dirty: [...this.dirty],
      refinedUpTo: this.refinedUpTo,
      refines: this.refines,
    });
  }

  static restore(json: string): StoryClusterer {
    const state = JSON.parse(json) as {
      format: string;
      options: Resolved;
      terms: string[];
      df: number[];
      documents: number;
      nextSeq: number;
      oldestSeq: number;
      lastAt: number | null;
      sinceRefine: number;
      retired: [string, Retired][];
      slots: [string, number, number | null, string, number[], number[], number[], string][];
      componentOf?: [number, number][];
      dirty?: number[];
      refinedUpTo?: number;
      refines?: number;
    };
    if (state.format !== 'newsgraph/stories@1') throw new Error('not a stories snapshot');
    const c = new StoryClusterer({
      ...state.options,
      windowMs: state.options.windowMs ?? Infinity,
      inactivityMs: state.options.inactivityMs ?? Infinity,
    });
    state.terms.forEach((t) => c.termId(t));
    c.df.set(state.df);
    c.documents = state.documents;
    c.oldestSeq = state.oldestSeq;
    c.lastAt = state.lastAt;
    for (const [id, r] of state.retired) c.retired.set(id, r);
    for (const [id, seq, at, headline, ids, weights, nb, story] of state.slots) {
      const neighbours: Neighbour[] = [];
      for (let i = 0; i < nb.length; i += 2) neighbours.push({ seq: nb[i]!, weight: nb[i + 1]! });
      c.nextSeq = seq;
      c.insert({
        id,
        seq,
        at,
        headline,
        vector: { ids: Uint32Array.from(ids), weights: Float32Array.from(weights) },
        neighbours,
        story,
      });
    }
    c.nextSeq = state.nextSeq;
    c.sinceRefine = state.sinceRefine;
    // insert() marked components dirty as it went; the saved sets are the real ones.
    c.componentOf.clear();
    c.dirty.clear();
    for (const [seq, component] of state.componentOf ?? []) {
      c.componentOf.set(seq, component);
      const list = c.componentMembers.get(component);
      if (list) list.push(seq);
      else c.componentMembers.set(component, [seq]);
    }
    for (const component of state.dirty ?? []) c.dirty.add(component);
    c.refinedUpTo = state.refinedUpTo ?? 0;
    c.refines = state.refines ?? 0;
    return c;
  }
}

/** Connected components; each node is labelled with the smallest node of its component. */
function components(n: number, edges: readonly Edge[]): Int32Array {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (const { a, b } of edges) {
    const x = find(a);
    const y = find(b);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = find(i);
  return out;
}

/** Keeps `list` the k heaviest neighbours; true if `n` made it in. */
function offer(list: Neighbour[], n: Neighbour, k: number): boolean {
  if (list.length < k) {
    list.push(n);
    return true;
  }
  let weakest = 0;
  for (let i = 1; i < list.length; i++) if (list[i]!.weight < list[weakest]!.weight) weakest = i;
  if (n.weight <= list[weakest]!.weight) return false;
  list[weakest] = n;
  return true;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
