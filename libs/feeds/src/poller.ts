import { performance } from 'node:perf_hooks';
import type { RawArticle } from '@newsgraph/contracts';
import { extractArticle } from '@newsgraph/extraction';
import type { FeedRecord, FeedsService, PublishedItem } from '@newsgraph/feed-registry';
import { itemKeyOf, toRawArticle, type ItemPage } from './articles';
import { decodeFeedBody } from './charset';
import { FeedFetchError, type FeedFetcher, type FetchErrorKind } from './fetcher';
import { HostLimiter } from './host-limiter';
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

/** Why an item was published from the feed's text although it links to a page. */
export type PageFallbackReason =
  | FetchErrorKind
  /** The page is not HTML (a PDF, an image, an audio file). */
  | 'not-html'
  /** The page's main text is missing or too short to stand for the article. */
  | 'thin'
  /** The poll's time for pages was used up before this page's turn. */
  | 'over-budget'
  /** The extractor failed on the page. */
  | 'unparsable';

/** The outcome of one item page, e.g. for a metric (both fields have few values). */
export interface PageResult {
  outcome: 'extracted' | 'fallback';
  reason: PageFallbackReason | null;
}

export interface PageFetchOptions {
  /** Fetches the item pages (the same SSRF-safe FeedFetcher, maybe with its own limits). */
  fetcher?: Pick<FeedFetcher, 'fetch'>;
  /** Pages fetched at once, across all feeds (default 8). */
  concurrency?: number;
  /** Pages of one host fetched at once (default 2): a feed's items mostly share a host. */
  perHostConcurrency?: number;
  /**
   * No page fetch starts later than this into a poll (default half the lease), so
   * a feed with many slow pages cannot outlive its lease; the items left are
   * published from the feed's text.
   */
  budgetMs?: number;
  /** Called for every item page tried. */
  onResult?: (result: PageResult) => void;
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
  /**
   * Fetch each new item's page and publish its extracted main text and metadata
   * (see toRawArticle); off when absent or false.
   */
  pages?: PageFetchOptions | false;
  now?: () => Date;
  random?: () => number;
  logger?: PollerLogger;
}

export interface PollReport {
  feedId: string;
  outcome: 'updated' | 'not-modified' | 'failed' | 'publish-failed';
  published: number;
  skipped: { itemKey: string; reason: string }[];
  /** Item pages whose text was published, and items published from the feed's text instead. */
  pages: {
    extracted: number;
    fallbacks: { itemKey: string; reason: PageFallbackReason; detail: string }[];
  };
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

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const isHtml = (contentType: string | null) =>
  !contentType || /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);

type PageAttempt = { page: ItemPage } | { failure: PageFallbackReason; detail: string };

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
 * and its unseen items are published in batches (with `pages`, each item's page
 * is fetched and its extracted text published instead of the feed's, falling
 * back to the feed's text when the page fails); an item is recorded as published
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
  private readonly pages:
    (Required<Omit<PageFetchOptions, 'onResult'>> & Pick<PageFetchOptions, 'onResult'>) | null;
  private readonly pageLimiter: HostLimiter | null;
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
    const pages = options.pages;
    this.pages = pages
      ? {
          fetcher: pages.fetcher ?? options.fetcher,
          concurrency: pages.concurrency ?? 8,
          perHostConcurrency: pages.perHostConcurrency ?? 2,
          budgetMs: pages.budgetMs ?? this.leaseMs / 2,
          onResult: pages.onResult,
        }
      : null;
    this.pageLimiter = this.pages
      ? new HostLimiter(this.pages.concurrency, this.pages.perHostConcurrency)
      : null;
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
    const started = performance.now();
    const report: PollReport = {
      feedId: feed.id,
      outcome: 'updated',
      published: 0,
      skipped: [],
      pages: { extracted: 0, fallbacks: [] },
    };
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
        const slice = fresh.slice(i, i + this.batchSize);
        const pages = await Promise.all(slice.map((f) => this.fetchPage(f.entry.link, started)));
        const batch: { article: RawArticle; publishedAt: Date | null }[] = [];
        slice.forEach(({ key, entry }, j) => {
          const attempt = pages[j] ?? null;
          const made = toRawArticle(entry, key, source, {
            language: parsed.language,
            ingestedAt: polledAt,
            page: attempt && 'page' in attempt ? attempt.page : null,
          });
          if ('skipped' in made) {
            report.skipped.push({ itemKey: key, reason: made.skipped });
            return;
          }
          const at = made.article.publishedAt;
          batch.push({ article: made.article, publishedAt: at ? new Date(at) : null });
          if (attempt) this.notePage(report, key, attempt, made.bodyFrom === 'page');
        });
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
        const fallbacks = report.pages.fallbacks.length;
        this.logger.log(
          `feed ${feed.id}: published ${report.published} new item(s)` +
            (this.pages ? ` (${report.pages.extracted} with their page's text)` : '') +
            (report.skipped.length ? `, skipped ${report.skipped.length}` : '') +
            (fallbacks ? `, ${fallbacks} from the feed's text` : ''),
        );
      }
      this.warnPageFailures(feed, report);
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

  /**
   * The item's page, fetched (within the per-host and overall page limits, and
   * the poll's time for pages) and extracted; null when pages are off or the
   * item has no link. Never throws: a failure is the reason to fall back.
   */
  private async fetchPage(link: string | null, pollStarted: number): Promise<PageAttempt | null> {
    const pages = this.pages;
    if (!pages || !this.pageLimiter || !link) return null;
    return this.pageLimiter.run(hostOf(link), async (): Promise<PageAttempt> => {
      if (performance.now() - pollStarted >= pages.budgetMs) {
        return {
          failure: 'over-budget',
          detail: `not fetched: the poll's ${pages.budgetMs} ms for pages were used up`,
        };
      }
      let res;
      try {
        res = await pages.fetcher.fetch(link, { accept: PAGE_ACCEPT });
      } catch (error) {
        if (error instanceof FeedFetchError) return { failure: error.kind, detail: error.message };
        return { failure: 'network', detail: describe(error) };
      }
      if (res.status !== 'ok') return { failure: 'http', detail: 'HTTP 304 without validators' };
      if (!isHtml(res.contentType)) {
        return { failure: 'not-html', detail: `content type ${res.contentType}` };
      }
      try {
        const text = decodeFeedBody(res.body, res.contentType).text;
        return { page: { url: res.url, extracted: extractArticle(text, res.url) } };
      } catch (error) {
        return { failure: 'unparsable', detail: describe(error) };
      }
    });
  }

  private notePage(report: PollReport, itemKey: string, attempt: PageAttempt, used: boolean) {
    let result: PageResult;
    if (used) {
      report.pages.extracted++;
      result = { outcome: 'extracted', reason: null };
    } else {
      const [reason, detail] =
        'failure' in attempt
          ? [attempt.failure, attempt.detail]
          : (['thin', 'too little main text in the page'] as const);
      report.pages.fallbacks.push({ itemKey, reason, detail });
      result = { outcome: 'fallback', reason };
    }
    this.pages?.onResult?.(result);
  }

  /** One line per poll for pages that could not be used (thin pages are not failures). */
  private warnPageFailures(feed: FeedRecord, report: PollReport): void {
    const failed = report.pages.fallbacks.filter((f) => f.reason !== 'thin');
    if (failed.length === 0) return;
    const sample = failed
      .slice(0, 3)
      .map((f) => `${f.itemKey}: ${f.detail}`)
      .join('; ');
    this.logger.warn(
      `feed ${feed.id}: ${failed.length} item page(s) could not be used, published from the ` +
        `feed's text (${sample}${failed.length > 3 ? '; …' : ''})`,
    );
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
