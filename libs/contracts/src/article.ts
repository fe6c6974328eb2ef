import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });
const hex = (len: number) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`), `must be ${len} hex digits`);

/** Stable article id: hex digest of source id and the item's external id. */
export const ArticleId = hex(32);
/** SHA-256 of the normalised article text. */
export const ContentHash = hex(64);

export const SourceRef = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(500),
  url: z.url().nullable(),
});
export type SourceRef = z.infer<typeof SourceRef>;

/** An article as ingested: clean text plus provenance. */
export const RawArticleV1 = z.object({
  schemaVersion: z.literal(1),
  articleId: ArticleId,
  source: SourceRef,
  /** Feed guid, file name, or push-API id: unique within the source. */
  externalId: z.string().min(1).max(2000),
  url: z.url().nullable(),
  title: z.string().min(1).max(2000),
  body: z.string().min(1).max(5_000_000),
  language: z.string().min(2).max(16).nullable(),
  publishedAt: isoDate.nullable(),
  ingestedAt: isoDate,
  contentHash: ContentHash,
  /** Who wrote it, as the source names them (`Jane Doe, Max Mustermann`); absent in older messages. */
  byline: z.string().min(1).max(500).nullable().default(null),
});
export type RawArticle = z.infer<typeof RawArticleV1>;

export const DuplicateKind = z.enum(['unique', 'exact', 'near']);
export type DuplicateKind = z.infer<typeof DuplicateKind>;

export const DuplicateVerdict = z
  .object({
    kind: DuplicateKind,
    /** The earliest-seen canonical article, for copies. */
    duplicateOf: ArticleId.nullable(),
    /** Similarity to `duplicateOf` in [0, 1]; 1 for exact copies, 0 for unique articles. */
    similarity: z.number().min(0).max(1),
  })
  .refine((v) => (v.kind === 'unique') === (v.duplicateOf === null), {
    message: 'duplicateOf is set exactly when the article is a copy',
  });
export type DuplicateVerdict = z.infer<typeof DuplicateVerdict>;

export const StoryRef = z.object({
  id: z.string().min(1).max(100),
  title: z.string().min(1).max(2000),
  /**
   * Position in the deduplicator's total order at which this assignment was
   * decided; a later story move of the same article has a higher one, so the
   * projector keeps whichever it saw with the highest revision, in any order.
   */
  revision: z.number().int().min(0).default(0),
});
export type StoryRef = z.infer<typeof StoryRef>;

/** An article with its duplicate verdict and story assignment. */
export const DedupedArticleV1 = z.object({
  schemaVersion: z.literal(1),
  article: RawArticleV1,
  verdict: DuplicateVerdict,
  story: StoryRef,
});
export type DedupedArticle = z.infer<typeof DedupedArticleV1>;

export const Mention = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    surface: z.string().min(1),
    confidence: z.number().min(0).max(1),
  })
  .refine((m) => m.end > m.start, { message: 'end must be after start' });
export type Mention = z.infer<typeof Mention>;

export const EntityType = z.enum(['person', 'organisation', 'place', 'event', 'work', 'other']);
export type EntityType = z.infer<typeof EntityType>;

export const LinkedEntity = z.object({
  /** The QID for knowledge-base entities; `nil:<type>:<normalised name>` otherwise. */
  id: z.string().min(1).max(300),
  qid: z
    .string()
    .regex(/^Q\d+$/)
    .nullable(),
  name: z.string().min(1).max(500),
  type: EntityType,
  salience: z.number().min(0).max(1),
  mentions: z.array(Mention).min(1),
});
export type LinkedEntity = z.infer<typeof LinkedEntity>;

/** A deduplicated article with its linked entities: what the projector stores. */
export const EnrichedArticleV1 = DedupedArticleV1.extend({
  entities: z.array(LinkedEntity),
});
export type EnrichedArticle = z.infer<typeof EnrichedArticleV1>;

/**
 * A story decision revised after the fact: re-clustering moved an article to
 * another story (a merge when its old story is left empty, a split otherwise).
 * Copies of the article follow it.
 */
export const StoryMoveV1 = z.object({
  schemaVersion: z.literal(1),
  articleId: ArticleId,
  kind: z.enum(['merge', 'split']),
  previousStoryId: z.string().min(1).max(100),
  story: StoryRef,
  /** Stream time of the decision: a story new to the projector starts from it until counted. */
  at: isoDate,
});
export type StoryMove = z.infer<typeof StoryMoveV1>;
