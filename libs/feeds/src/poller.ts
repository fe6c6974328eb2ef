import type { RawArticle } from '@newsgraph/contracts';
import type { FeedRecord, FeedsService, PublishedItem } from '@newsgraph/feed-registry';
import { itemKeyOf, toRawArticle } from './articles';
import { decodeFeedBody } from './charset';
import { FeedFetchError, type FeedFetcher } from './fetcher';
import { parseFeedDocument, type FeedEntry } from './parse-feed';
import {
  backoffDelay,
  defaultSchedule,
  nextPollDelay,
  observedIntervalSeconds,
  updateMeanInterval,
  type ScheduleOptions,
} from './schedule';

/** The registry operations the poller needs (FeedsService, or a fake in tests). */
export type FeedStore = Pick<
  FeedsService,
  'dueFeeds' | 'claim' | 'knownItemKeys' | 'recordPublished' | 'recordSuccess' | 'recordFailure'
>;

export interface PollerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface FeedPollerOptions {
  store: FeedStore;
  fetcher: Pick<FeedFetcher, 'fetch'>;
  /** Publishes one batch to the raw topic; resolves once the broker acknowledged it. */
  publish: (articles: RawArticle[]) => Promise<void>;
  schedule?: Partial<ScheduleOptions>;
  /** Feeds polled at once, in all. */
  concurrency?: number;
  /** Feeds of one host polled at once: one slow site cannot take every slot. */
  perHostConcurrency?: number;
  /** How often due feeds are looked for. */
  tickMs?: number;
  /** A claimed feed is not picked again (by any instance) for this long. */
  leaseMs?: number;
  batchSize?: number;
  now?: () => Date;
  random?: () => number;
  logger?: PollerLogger;
}

export interface PollReport {
  feedId: string;
  outcome: 'updated' | 'not-modified' | 'failed' | 'publish-failed';
  published: number;
  skipped: { itemKey: string; reason: string }[];
  error?: string;
  nextPollAt?: Date;
}

const silent: PollerLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Publishing or bookkeeping failed: the broker or database, not the feed, is at fault. */
class InfrastructureError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'InfrastructureError';
  }
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * Polls the registry's due feeds and publishes their new items as raw articles.
 * Each feed is claimed (a lease in the database), fetched conditionally, parsed,
 * and its unseen items are published in batches; an item is recorded as published
 * only after the broker acknowledged it, so a crash re-publishes at most the
 * last batch (the pipeline is idempotent) and never loses one. The next poll is
 * scheduled from the observed publish rate, or backed off after a failure. A
 * failing feed is recorded on that feed and never affects the others.
 */
export class FeedPoller {
  private readonly schedule: ScheduleOptions;
  private readonly concurrency: number;
  private readonly perHost: number;
  private readonly tickMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly logger: PollerLogger;
  private readonly inFlight = new Map<string, Promise<PollReport>>();
  private readonly hostLoad = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<void> | undefined;

  constructor(private readonly options: FeedPollerOptions) {
    this.schedule = { ...defaultSchedule, ...options.schedule };
    this.concurrency = options.concurrency ?? 8;
    this.perHost = options.perHostConcurrency ?? 2;
    this.tickMs = options.tickMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.batchSize = options.batchSize ?? 100;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silent;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      this.ticking = this.pollDue()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`poll pass failed: ${describe(error)}`))
        .finally(() => {
          this.ticking = undefined;
          if (this.running) this.timer = setTimeout(loop, this.tickMs);
        });
    };
    loop();
  }

  /** Stops looking for feeds and waits for the polls under way to finish. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Polls under way, e.g. for tests and health. */
  get activePolls(): number {
    return this.inFlight.size;
  }

  /** Waits for the polls under way. */
  async idle(): Promise<PollReport[]> {
    const settled = await Promise.allSettled([...this.inFlight.values()]);
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  /**
   * One scheduling pass: claims due feeds up to the free slots (respecting the
   * per-host limit) and starts polling them. Returns the polls started.
   */
  async pollDue(): Promise<Promise<PollReport>[]> {
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return [];
    const now = this.now();
    // Over-fetch so feeds of a saturated host do not hide those of other hosts.
    const due = await this.options.store.dueFeeds(now, free * 4, [...this.inFlight.keys()]);
    const started: Promise<PollReport>[] = [];
    for (const feed of due) {
      if (started.length >= free) break;
      const host = hostOf(feed.url);
      if ((this.hostLoad.get(host) ?? 0) >= this.perHost) continue;
      const leaseUntil = new Date(now.getTime() + this.leaseMs);
      if (!(await this.options.store.claim(feed, leaseUntil))) continue;
      this.hostLoad.set(host, (this.hostLoad.get(host) ?? 0) + 1);
      const poll = this.pollFeed(feed).finally(() => {
        this.inFlight.delete(feed.id);
        const load = (this.hostLoad.get(host) ?? 1) - 1;
        if (load > 0) this.hostLoad.set(host, load);
        else this.hostLoad.delete(host);
      });
      this.inFlight.set(feed.id, poll);
      started.push(poll);
    }
    return started;
  }

  /** Polls one feed the caller has claimed. Never throws: the outcome is in the report. */
  async pollFeed(feed: FeedRecord): Promise<PollReport> {
    const polledAt = this.now();
    const report: PollReport = { feedId: feed.id, outcome: 'updated', published: 0, skipped: [] };
    try {
      const res = await this.options.fetcher.fetch(feed.url, {
        etag: feed.etag,
        lastModified: feed.lastModified,
      });
      if (res.status === 'not-modified') {
        report.outcome = 'not-modified';
        report.nextPollAt = this.healthyNext(polledAt, feed.meanIntervalSeconds);
        await this.bookkeeping(() =>
          this.options.store.recordSuccess(feed.id, {
            polledAt,
            nextPollAt: report.nextPollAt!,
            meanIntervalSeconds: feed.meanIntervalSeconds,
            ...(res.etag ? { etag: res.etag } : {}),
            ...(res.lastModified ? { lastModified: res.lastModified } : {}),
          }),
        );
        return report;
      }
      const decoded = decodeFeedBody(res.body, res.contentType);
      const parsed = parseFeedDocument(decoded.text, res.url, res.contentType);
      const source = {
        id: feed.id,
        name: (feed.title ?? parsed.title ?? hostOf(feed.url)).slice(0, 500),
        url: feed.url,
      };
      const fresh = await this.unseen(feed.id, parsed.entries);
      for (let i = 0; i < fresh.length; i += this.batchSize) {
        const batch: { article: RawArticle; publishedAt: Date | null }[] = [];
        for (const { key, entry } of fresh.slice(i, i + this.batchSize)) {
          const made = toRawArticle(entry, key, source, {
            language: parsed.language,
            ingestedAt: polledAt,
          });
          if ('skipped' in made) report.skipped.push({ itemKey: key, reason: made.skipped });
          else batch.push({ article: made.article, publishedAt: entry.publishedAt });
        }
        if (batch.length === 0) continue;
        try {
          await this.options.publish(batch.map((b) => b.article));
        } catch (error) {
          throw new InfrastructureError(error);
        }
        const items: PublishedItem[] = batch.map((b) => ({
          itemKey: b.article.externalId,
          articleId: b.article.articleId,
          contentHash: b.article.contentHash,
          publishedAt: b.publishedAt,
        }));
        await this.bookkeeping(() => this.options.store.recordPublished(feed.id, items));
        report.published += batch.length;
      }
      const sample =
        observedIntervalSeconds(
          parsed.entries.map((e) => e.publishedAt),
          polledAt,
        ) ??
        (fresh.length > 0 && feed.lastSuccessAt
          ? (polledAt.getTime() - feed.lastSuccessAt.getTime()) / 1000 / fresh.length
          : null);
      const mean = updateMeanInterval(feed.meanIntervalSeconds, sample, this.schedule.smoothing);
      report.nextPollAt = this.healthyNext(polledAt, mean);
      await this.bookkeeping(() =>
        this.options.store.recordSuccess(feed.id, {
          polledAt,
          nextPollAt: report.nextPollAt!,
          etag: res.etag,
          lastModified: res.lastModified,
          discoveredTitle: parsed.title,
          meanIntervalSeconds: mean,
        }),
      );
      if (report.published > 0 || report.skipped.length > 0) {
        this.logger.log(
          `feed ${feed.id}: published ${report.published} new item(s)` +
            (report.skipped.length ? `, skipped ${report.skipped.length}` : ''),
        );
      }
      return report;
    } catch (error) {
      if (error instanceof InfrastructureError) {
        // Not the feed's fault: leave its record alone; the lease expiring retries it.
        report.outcome = 'publish-failed';
        report.error = describe(error.cause);
        this.logger.error(`feed ${feed.id}: could not publish or record items: ${report.error}`);
        return report;
      }
      report.outcome = 'failed';
      report.error = describe(error);
      const retryAfter = error instanceof FeedFetchError ? error.retryAfterMs : null;
      report.nextPollAt = new Date(
        polledAt.getTime() +
          backoffDelay(feed.errorCount + 1, this.schedule, retryAfter, this.random),
      );
      this.logger.warn(`feed ${feed.id} (${feed.url}): ${report.error}`);
      try {
        await this.options.store.recordFailure(feed.id, {
          polledAt,
          nextPollAt: report.nextPollAt,
          error: report.error,
        });
      } catch (recordError) {
        this.logger.error(`feed ${feed.id}: could not record failure: ${describe(recordError)}`);
      }
      return report;
    }
  }

  /** Items of the document not yet published, one per key, oldest first. */
  private async unseen(
    feedId: string,
    entries: FeedEntry[],
  ): Promise<{ key: string; entry: FeedEntry }[]> {
    const byKey = new Map<string, FeedEntry>();
    for (const entry of entries) {
      const key = itemKeyOf(entry);
      if (!byKey.has(key)) byKey.set(key, entry);
    }
    const known = await this.bookkeeping(() =>
      this.options.store.knownItemKeys(feedId, [...byKey.keys()]),
    );
    // Feeds list newest first; undated items keep that order, reversed.
    return [...byKey]
      .filter(([key]) => !known.has(key))
      .map(([key, entry], index) => ({ key, entry, index }))
      .sort((a, b) => {
        const ta = a.entry.publishedAt?.getTime();
        const tb = b.entry.publishedAt?.getTime();
        if (ta !== undefined && tb !== undefined && ta !== tb) return ta - tb;
        return b.index - a.index;
      })
      .map(({ key, entry }) => ({ key, entry }));
  }

  private healthyNext(at: Date, meanIntervalSeconds: number | null): Date {
    return new Date(at.getTime() + nextPollDelay(meanIntervalSeconds, this.schedule, this.random));
  }

  private async bookkeeping<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new InfrastructureError(error);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
