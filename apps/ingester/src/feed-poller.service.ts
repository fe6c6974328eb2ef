import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Topics } from '@newsgraph/contracts';
import { FeedsService } from '@newsgraph/feed-registry';
import { FeedFetcher, FeedPoller } from '@newsgraph/feeds';
import { EventPublisher } from '@newsgraph/kafka';
import type { IngesterConfig } from './config';
import { INGESTER_CONFIG } from './tokens';

/** Runs the feed poller for the service's lifetime. */
@Injectable()
export class FeedPollerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('feeds');
  private readonly fetcher: FeedFetcher;
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
      leaseMs: Math.max(s(config.FEEDS_FETCH_TIMEOUT_SECONDS) * 4, 60_000),
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.FEEDS_POLL_ENABLED) {
      this.logger.log('feed polling disabled (FEEDS_POLL_ENABLED=false)');
      return;
    }
    this.poller.start();
    this.logger.log('feed poller started');
  }

  // Before the database and the producer close (their modules are destroyed later).
  async onModuleDestroy(): Promise<void> {
    await this.poller.stop();
    await this.fetcher.close();
  }
}
