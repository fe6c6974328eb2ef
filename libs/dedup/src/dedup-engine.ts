import type {
  DedupedArticle,
  DuplicateVerdict,
  RawArticle,
  StoryMove,
  StoryRef,
} from '@newsgraph/contracts';
import { NearDupIndex, type NearDupOptions } from '@newsgraph/near-dup';
import { StoryClusterer, type StoryOptions } from '@newsgraph/stories';

/**
 * The service's defaults. Re-clustering every 10 articles: `npm run bench --
 * stories` assigns 1,282 articles/s at 10, 1,262 at 3 and 991 at every
 * article (50,000 articles, 2-core machine); ECB+ dev BCubed F1 is 0.9326 for
 * any interval from 1 to 50 (`npm run eval -- stories`), so the interval only
 * bounds how long an early decision can stand before it is revised.
 */
export const DEDUP_DEFAULTS = { refineEvery: 10 } as const;

export interface DedupEngineOptions {
  nearDup?: NearDupOptions;
  stories?: StoryOptions;
}

/** Who first claimed an article's exact identity (content hash or canonical URL). */
export interface ExactOwner {
  articleId: string;
  title: string;
}

/**
 * The article an exact copy copies: the first claimant of its content hash,
 * else of its canonical URL (another feed of the same outlet); itself if both
 * are its own.
 */
export function exactOwnerOf(
  article: RawArticle,
  byHash: ExactOwner,
  byUrl: ExactOwner | undefined,
): ExactOwner {
  return byHash.articleId === article.articleId && byUrl ? byUrl : byHash;
}

export interface Decision {
  deduped: DedupedArticle;
  /** Other articles moved by the re-clustering this article triggered. */
  moves: StoryMove[];
}

const MAGIC = 'newsgraph/dedup-engine@1';
const UNIQUE = { kind: 'unique', duplicateOf: null, similarity: 0 } as const;

/**
 * The deduplicator's decisions over one ordered stream, as a pure state machine:
 * exact copies (by the owner of the content hash or URL), near-duplicates
 * (MinHash-LSH, copies join their canonical's story) and, for the rest, online
 * story clustering whose periodic re-clustering yields story moves. Same
 * articles in the same order give the same decisions, and `restore(serialize())`
 * continues exactly where the original was, which is what makes a snapshot plus
 * the rest of the log equal to the whole log.
 */
export class DedupEngine {
  private constructor(
    private readonly near: NearDupIndex,
    private readonly stories: StoryClusterer,
    /** Offset of the last article decided in the sequence; -1 before the first. */
    private last: number,
    /**
     * Recent near copies -> their canonical, so an exact copy of a near copy
     * points at (and joins the story of) the group's canonical. Bounded like
     * the story window: the oldest entry goes first.
     */
    private readonly copies: Map<string, { canonical: string; similarity: number }>,
    /**
     * Revision of the latest story decision about each recent article (its
     * assignment or its last move). A repeated or copied decision carries it,
     * so re-importing an article changes nothing downstream.
     */
    private readonly decided: Map<string, number>,
  ) {}

  static create(options: DedupEngineOptions = {}): DedupEngine {
    return new DedupEngine(
      new NearDupIndex(options.nearDup),
      new StoryClusterer({
        ...options.stories,
        refineEvery: options.stories?.refineEvery ?? DEDUP_DEFAULTS.refineEvery,
      }),
      -1,
      new Map(),
      new Map(),
    );
  }

  get lastOffset(): number {
    return this.last;
  }

  /**
   * Decides one article at `offset` (its position in the sequence, also the
   * revision of every story decision made now), given the exact owner of its
   * content: itself when it is the first with that content.
   */
  decide(article: RawArticle, offset: number, owner: ExactOwner): Decision {
    if (offset <= this.last)
      throw new Error(`offset ${offset} was already decided (last ${this.last})`);
    // The position moves only once the decision exists: an article whose
    // decision failed is decided again on the retry, never skipped.
    const decision = this.decideAt(article, offset, owner);
    this.last = offset;
    return decision;
  }

  private decideAt(article: RawArticle, offset: number, owner: ExactOwner): Decision {
    const at = Date.parse(article.publishedAt ?? article.ingestedAt);
    const revision = offset;

    if (owner.articleId !== article.articleId) {
      const group = this.copies.get(owner.articleId);
      const verdict: DuplicateVerdict = {
        kind: 'exact',
        duplicateOf: group?.canonical ?? owner.articleId,
        similarity: group?.similarity ?? 1,
      };
      const canonical = { articleId: verdict.duplicateOf!, title: owner.title };
      return {
        deduped: this.output(article, verdict, this.storyOfCopy(canonical, revision)),
        moves: [],
      };
    }

    // Seen before (re-import, redelivery upstream, an edited item): same decision, state untouched.
    const copy = this.copies.get(article.articleId);
    if (copy) {
      const verdict = {
        kind: 'near',
        duplicateOf: copy.canonical,
        similarity: copy.similarity,
      } as const;
      const story = this.storyOfCopy({ articleId: copy.canonical, title: article.title }, revision);
      return { deduped: this.output(article, verdict, story), moves: [] };
    }
    const current = this.stories.storyOf(article.articleId);
    if (current !== undefined) {
      const story = this.storyOfCopy(
        { articleId: article.articleId, title: article.title },
        revision,
      );
      return { deduped: this.output(article, UNIQUE, story), moves: [] };
    }

    const near = this.near.add(article.articleId, article.body, at);
    if (near.kind === 'near' && near.duplicateOf && near.duplicateOf !== article.articleId) {
      const verdict: DuplicateVerdict = {
        kind: 'near',
        duplicateOf: near.duplicateOf,
        similarity: Math.min(1, near.similarity),
      };
      this.copies.set(article.articleId, {
        canonical: near.duplicateOf,
        similarity: verdict.similarity,
      });
      if (this.copies.size > this.stories.options.maxArticles)
        this.copies.delete(this.copies.keys().next().value!);
      const story = this.storyOfCopy(
        { articleId: near.duplicateOf, title: article.title },
        revision,
      );
      return { deduped: this.output(article, verdict, story), moves: [] };
    }

    const assignment = this.stories.assign({
      id: article.articleId,
      title: article.title,
      text: article.body,
      at,
    });
    const story: StoryRef = {
      id: assignment.story.id,
      title: assignment.story.title || article.title,
      revision,
    };
    this.markDecided(article.articleId, revision);
    const moves = assignment.changes.map((change): StoryMove => {
      this.markDecided(change.articleId, revision);
      const summary = this.stories.summary(change.to);
      return {
        schemaVersion: 1,
        articleId: change.articleId,
        kind: this.stories.hasMembers(change.from) ? 'split' : 'merge',
        previousStoryId: change.from,
        story: { id: change.to, title: summary.title || story.title, revision },
        at: new Date(summary.lastSeen ?? at).toISOString(),
      };
    });
    return { deduped: this.output(article, UNIQUE, story), moves };
  }

  /** A copy belongs to its canonical's current story (`s-<canonical>` once that one left the window). */
  private storyOfCopy(canonical: ExactOwner, revision: number): StoryRef {
    const id = this.stories.storyOf(canonical.articleId) ?? `s-${canonical.articleId}`;
    const title = this.stories.hasMembers(id) ? this.stories.summary(id).title : '';
    return {
      id,
      title: title || canonical.title,
      revision: this.decided.get(canonical.articleId) ?? revision,
    };
  }

  private markDecided(articleId: string, revision: number): void {
    this.decided.delete(articleId); // re-inserted as the newest
    this.decided.set(articleId, revision);
    if (this.decided.size > this.stories.options.maxArticles)
      this.decided.delete(this.decided.keys().next().value!);
  }

  private output(article: RawArticle, verdict: DuplicateVerdict, story: StoryRef): DedupedArticle {
    return { schemaVersion: 1, article, verdict, story };
  }

  /** The whole state; `restore` continues exactly from it. */
  serialize(): Buffer {
    const near = this.near.serialize();
    const stories = Buffer.from(this.stories.serialize(), 'utf8');
    const header = Buffer.from(
      JSON.stringify({
        magic: MAGIC,
        last: this.last,
        nearBytes: near.length,
        copies: [...this.copies].map(([id, c]) => [id, c.canonical, c.similarity]),
        decided: [...this.decided],
      }),
      'utf8',
    );
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    return Buffer.concat([length, header, near, stories]);
  }

  static restore(bytes: Buffer): DedupEngine {
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as {
      magic: string;
      last: number;
      nearBytes: number;
      copies: [string, string, number][];
      decided: [string, number][];
    };
    if (header.magic !== MAGIC) throw new Error('not a dedup engine snapshot');
    const nearStart = 4 + headerLength;
    const near = NearDupIndex.restore(bytes.subarray(nearStart, nearStart + header.nearBytes));
    const stories = StoryClusterer.restore(
      bytes.subarray(nearStart + header.nearBytes).toString('utf8'),
    );
    const copies = new Map(
      header.copies.map(([id, canonical, similarity]) => [id, { canonical, similarity }]),
    );
    return new DedupEngine(near, stories, header.last, copies, new Map(header.decided));
  }
}
