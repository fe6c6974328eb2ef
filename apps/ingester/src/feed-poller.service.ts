import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Topics } from '@newsgraph/contracts';
import { FeedsService } from '@newsgraph/feed-registry';
import { FeedFetcher, FeedPoller, type PageResult } from '@newsgraph/feeds';
import { EventPublisher } from '@newsgraph/kafka';
import { pipelineMetrics } from '@newsgraph/observability';
import type { IngesterConfig } from './config';
import { INGESTER_CONFIG } from './tokens';

/** Runs the feed poller for the service's lifetime. */
@Injectable()
export class FeedPollerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('feeds');
  private readonly fetcher: FeedFetcher;
  private readonly pageFetcher: FeedFetcher | null;
  readonly poller: FeedPoller;

  constructor(
    @Inject(INGESTER_CONFIG) private readonly config: IngesterConfig,
    feeds: FeedsService,
    publisher: EventPublisher,
  ) {
    const s = (seconds: number) => seconds * 1000;
    this.fetcher = new FeedFetcher({
      timeoutMs: s(config.FEEDS_FETCH_TIMEOUT_SECONDS),
      maxBodyBytes: config.FEEDS_MAX_BYTES,
      maxRedirects: config.FEEDS_MAX_REDIRECTS,
      allowHosts: config.FEEDS_ALLOW_PRIVATE_HOSTS,
    });
    // The same fetcher (address checks on every hop, size caps) with the page limits.
    const pageTimeout = s(config.FEEDS_PAGE_TIMEOUT_SECONDS);
    this.pageFetcher = config.FEEDS_FETCH_PAGES
      ? new FeedFetcher({
          timeoutMs: pageTimeout,
          maxBodyBytes: config.FEEDS_PAGE_MAX_BYTES,
          maxRedirects: config.FEEDS_MAX_REDIRECTS,
          allowHosts: config.FEEDS_ALLOW_PRIVATE_HOSTS,
        })
      : null;
    // No page fetch starts later than this into a poll; the last may take its timeout.
    const pageBudget = this.pageFetcher ? Math.max(pageTimeout * 4, 60_000) : 0;
    const pages = this.pageFetcher
      ? {
          fetcher: this.pageFetcher,
          concurrency: config.FEEDS_PAGE_CONCURRENCY,
          perHostConcurrency: config.FEEDS_PAGE_PER_HOST_CONCURRENCY,
          budgetMs: pageBudget,
          onResult: (r: PageResult) =>
            pipelineMetrics.feedItemPages.inc({ outcome: r.outcome, reason: r.reason ?? '' }),
        }
      : false;
    this.poller = new FeedPoller({
      store: feeds,
      fetcher: this.fetcher,
      publish: (articles) =>
        publisher.publish(
          Topics.articleRaw,
          articles.map((a) => ({ key: a.articleId, value: a })),
        ),
      schedule: {
        minIntervalMs: s(config.FEEDS_MIN_INTERVAL_SECONDS),
        maxIntervalMs: s(config.FEEDS_MAX_INTERVAL_SECONDS),
        defaultIntervalMs: s(config.FEEDS_DEFAULT_INTERVAL_SECONDS),
        backoffBaseMs: s(config.FEEDS_BACKOFF_BASE_SECONDS),
        maxBackoffMs: s(config.FEEDS_MAX_BACKOFF_SECONDS),
      },
      concurrency: config.FEEDS_CONCURRENCY,
      perHostConcurrency: config.FEEDS_PER_HOST_CONCURRENCY,
      tickMs: config.FEEDS_TICK_MS,
      // Longer than any one poll can take, so a live poll is never taken over.
      leaseMs:
        Math.max(s(config.FEEDS_FETCH_TIMEOUT_SECONDS) * 4, 60_000) +
        (this.pageFetcher ? pageBudget + pageTimeout : 0),
      pages,
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.FEEDS_POLL_ENABLED) {
      this.logger.log('feed polling disabled (FEEDS_POLL_ENABLED=false)');
      return;
    }
    this.poller.start();
    this.logger.log(
      `feed poller started (item pages ${this.pageFetcher ? 'fetched' : 'not fetched'})`,
    );
  }

  // Before the database and the producer close (their modules are destroyed later).
  async onModuleDestroy(): Promise<void> {
    await this.poller.stop();
    await this.fetcher.close();
    await this.pageFetcher?.close();
  }
}
