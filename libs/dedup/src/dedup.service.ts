import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DedupedArticle, RawArticle, StoryMove } from '@newsgraph/contracts';
import { RewindTo } from '@newsgraph/kafka';
import { DedupEngine, exactOwnerOf, type DedupEngineOptions } from './dedup-engine';
import { ExactClaimsRepository } from './exact-claims.repository';
import { SnapshotRepository } from './snapshot.repository';

export interface DedupSettings {
  /** Physical name of the sequence topic: the snapshots' key. */
  sequenceTopic: string;
  engine?: DedupEngineOptions;
  /** Snapshot after this many decisions... */
  snapshotEvery: number;
  /** ...or this long after the first decision not in a snapshot. */
  snapshotIntervalMs: number;
}

export const DEDUP_SETTINGS = Symbol('DEDUP_SETTINGS');

/** One message of the sequence topic. */
export interface Sequenced {
  offset: string;
  article: RawArticle;
  /** The consumer's group generation when it read the message (ConsumedMessage.generation). */
  generation: number;
}

export interface BatchDecisions {
  deduped: DedupedArticle[];
  moves: StoryMove[];
}

/** A decision without its article (the message has it): what a retry republishes. */
type Remembered = Pick<DedupedArticle, 'verdict' | 'story'> & { moves: StoryMove[] };

/** Decisions of the last attempts, by offset: a retried batch republishes them. */
const RECENT_DECISIONS = 5_000;

/**
 * Runs the DedupEngine over the sequence topic. The engine's state is the
 * snapshot in Postgres plus the topic after it: whenever the batch in hand does
 * not continue the engine's own position (first start, a restart, the partition
 * moving to this standby instance), the latest snapshot is restored and the
 * partition is re-read from just after it (RewindTo). Decisions re-made that
 * way are the same ones, and publishing them again is harmless downstream.
 */
@Injectable()
export class DedupService {
  private readonly logger = new Logger(DedupService.name);
  private engine: DedupEngine | undefined;
  private readonly recent = new Map<number, Remembered>();
  /** A rewind to the oldest retained offset is under way: accept whatever comes first. */
  private rewoundToEarliest = false;
  /** Group generation of the last batch decided. */
  private generation = -1;
  private unsaved = 0;
  private firstUnsavedAt = 0;

  constructor(
    private readonly claims: ExactClaimsRepository,
    private readonly snapshots: SnapshotRepository,
    @Inject(DEDUP_SETTINGS) private readonly settings: DedupSettings,
  ) {}

  /** Decisions for a batch of the sequence, in order. */
  async decide(batch: Sequenced[]): Promise<BatchDecisions> {
    if (batch.length === 0) return { deduped: [], moves: [] };
    const engine = await this.positionFor(batch);
    this.generation = batch[0]!.generation;
    const fresh = batch.filter((m) => Number(m.offset) > engine.lastOffset);
    const { byHash, byUrl } = await this.claims.owners(fresh.map((m) => m.article));
    const out: BatchDecisions = { deduped: [], moves: [] };
    for (const { offset, article } of batch) {
      const at = Number(offset);
      if (at <= engine.lastOffset) {
        const done = this.recent.get(at);
        // Not cached: decided before the snapshot this engine came from, and published then.
        if (done) {
          out.deduped.push({ schemaVersion: 1, article, verdict: done.verdict, story: done.story });
          out.moves.push(...done.moves);
        }
        continue;
      }
      const owner = byHash.get(article.contentHash);
      if (!owner) throw new Error(`no claim recorded for content hash ${article.contentHash}`);
      const urlOwner = article.url ? byUrl.get(article.url) : undefined;
      const decision = engine.decide(article, at, exactOwnerOf(article, owner, urlOwner));
      this.remember(at, decision);
      out.deduped.push(decision.deduped);
      out.moves.push(...decision.moves);
      if (this.unsaved++ === 0) this.firstUnsavedAt = Date.now();
    }
    return out;
  }

  /**
   * Saves a snapshot when one is due; call after the batch's decisions were
   * published, so a snapshot never holds decisions nobody has heard of.
   */
  async checkpoint(force = false): Promise<void> {
    const engine = this.engine;
    if (!engine || this.unsaved === 0) return;
    const due =
      force ||
      this.unsaved >= this.settings.snapshotEvery ||
      Date.now() - this.firstUnsavedAt >= this.settings.snapshotIntervalMs;
    if (!due) return;
    const started = performance.now();
    const state = engine.serialize();
    const saved = await this.snapshots.save(this.settings.sequenceTopic, {
      lastOffset: engine.lastOffset,
      state,
    });
    this.unsaved = 0;
    this.logger.log(
      `snapshot at offset ${engine.lastOffset}: ${(state.length / 1e6).toFixed(1)} MB in ${(performance.now() - started).toFixed(0)} ms${saved ? '' : ' (a newer one exists)'}`,
    );
  }

  /** The engine positioned to continue with this batch, or a RewindTo. */
  private async positionFor(batch: Sequenced[]): Promise<DedupEngine> {
    const first = Number(batch[0]!.offset);
    const engine = this.engine;
    if (engine && first === engine.lastOffset + 1) return engine;
    // The partition never left this consumer: the gap is what it dead-lettered.
    if (engine && first > engine.lastOffset + 1 && batch[0]!.generation === this.generation)
      return engine;
    if (
      engine &&
      first <= engine.lastOffset &&
      batch.every((m) => Number(m.offset) > engine.lastOffset || this.recent.has(Number(m.offset)))
    )
      return engine; // a retry of what this engine decided
    if (this.rewoundToEarliest && engine && engine.lastOffset === -1) {
      this.rewoundToEarliest = false;
      return engine;
    }

    const snapshot = await this.snapshots.load(this.settings.sequenceTopic);
    this.recent.clear();
    this.unsaved = 0;
    if (!snapshot) {
      this.engine = DedupEngine.create(this.settings.engine);
      if (first === 0) return this.engine;
      this.rewoundToEarliest = true;
      throw new RewindTo('earliest', 'no snapshot of the deduplicator state yet');
    }
    this.engine = DedupEngine.restore(snapshot.state);
    this.logger.log(`restored the snapshot at offset ${snapshot.lastOffset}`);
    if (snapshot.lastOffset + 1 < first)
      throw new RewindTo(
        String(snapshot.lastOffset + 1),
        `state restored up to offset ${snapshot.lastOffset}`,
      );
    return this.engine;
  }

  private remember(offset: number, decision: { deduped: DedupedArticle; moves: StoryMove[] }) {
    const { verdict, story } = decision.deduped;
    this.recent.set(offset, { verdict, story, moves: decision.moves });
    if (this.recent.size > RECENT_DECISIONS) this.recent.delete(this.recent.keys().next().value!);
  }
}
