import { Injectable } from '@nestjs/common';
import { PrismaService, type FeedModel } from '@newsgraph/db';
import { feedIdFor, InvalidFeedUrlError, normalizeFeedUrl } from './feed-url';
import { buildOpml, InvalidOpmlError, parseOpml } from './opml';

export type FeedRecord = FeedModel;
export type FeedStatus = 'active' | 'paused' | 'error';

export class FeedNotFoundError extends Error {
  constructor(readonly feedId: string) {
    super(`no feed with id "${feedId}"`);
    this.name = 'FeedNotFoundError';
  }
}

export interface OpmlImportResult {
  added: number;
  existing: number;
  invalid: { url: string; reason: string }[];
}

/** An item whose article the broker acknowledged. */
export interface PublishedItem {
  itemKey: string;
  articleId: string;
  contentHash: string;
  publishedAt: Date | null;
}

export interface PollSuccess {
  polledAt: Date;
  nextPollAt: Date;
  /** New validators; undefined keeps the stored ones (e.g. after a 304 without them). */
  etag?: string | null;
  lastModified?: string | null;
  /** Set only when the feed has no title yet: an admin's title wins. */
  discoveredTitle?: string | null;
  meanIntervalSeconds: number | null;
}

export interface PollFailure {
  polledAt: Date;
  nextPollAt: Date;
  error: string;
}

const MAX_TITLE = 500;
const MAX_OPML_FEEDS = 10_000;
const cleanTitle = (title: string | null | undefined) =>
  title?.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE) || null;

/**
 * The feed registry: administration (add, pause, resume, remove, list, OPML) for
 * the api, and the poller's bookkeeping (due feeds, leases, published items,
 * outcome of each poll). Needs a global `DbModule`.
 */
@Injectable()
export class FeedsService {
  constructor(private readonly prisma: PrismaService) {}

  /** Registers a feed (idempotent on the normalised URL); it is polled right away. */
  async add(input: {
    url: string;
    title?: string | null;
  }): Promise<{ feed: FeedRecord; created: boolean }> {
    const url = normalizeFeedUrl(input.url);
    const existing = await this.prisma.feed.findUnique({ where: { url } });
    if (existing) return { feed: existing, created: false };
    const id = feedIdFor(url);
    const [feed] = await this.prisma.feed.createManyAndReturn({
      data: [{ id, url, title: cleanTitle(input.title) }],
      skipDuplicates: true,
    });
    // Lost a race with a concurrent add of the same URL: theirs is ours.
    if (!feed)
      return { feed: await this.prisma.feed.findUniqueOrThrow({ where: { id } }), created: false };
    return { feed, created: true };
  }

  async get(id: string): Promise<FeedRecord | null> {
    return this.prisma.feed.findUnique({ where: { id } });
  }

  async list(filter: { status?: FeedStatus } = {}): Promise<FeedRecord[]> {
    return this.prisma.feed.findMany({
      where: filter.status ? { status: filter.status } : undefined,
      orderBy: [{ url: 'asc' }],
    });
  }

  async pause(id: string): Promise<FeedRecord> {
    return this.update(id, { status: 'paused' });
  }

  /** Back to polling at once; the error history is kept until the next success. */
  async resume(id: string): Promise<FeedRecord> {
    return this.update(id, { status: 'active', nextPollAt: new Date() });
  }

  /** Forgets the feed and its published items. Returns false when it did not exist. */
  async remove(id: string): Promise<boolean> {
    const { count } = await this.prisma.feed.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Adds every feed of an OPML list; invalid entries are reported, never fatal. */
  async importOpml(xml: string): Promise<OpmlImportResult> {
    const entries = parseOpml(xml);
    if (entries.length > MAX_OPML_FEEDS) {
      throw new InvalidOpmlError(`${entries.length} feeds; at most ${MAX_OPML_FEEDS} at once`);
    }
    const invalid: OpmlImportResult['invalid'] = [];
    const byUrl = new Map<string, string | null>();
    for (const entry of entries) {
      try {
        const url = normalizeFeedUrl(entry.url);
        if (!byUrl.has(url)) byUrl.set(url, cleanTitle(entry.title));
      } catch (error) {
        if (!(error instanceof InvalidFeedUrlError)) throw error;
        invalid.push({ url: entry.url, reason: error.message });
      }
    }
    const urls = [...byUrl.keys()];
    const { count } = await this.prisma.feed.createMany({
      data: urls.map((url) => ({ id: feedIdFor(url), url, title: byUrl.get(url) ?? null })),
      skipDuplicates: true,
    });
    return { added: count, existing: urls.length - count, invalid };
  }

  async exportOpml(now = new Date()): Promise<string> {
    const feeds = await this.list();
    return buildOpml(
      feeds.map((f) => ({ url: f.url, title: f.title })),
      'newsgraph feeds',
      now,
    );
  }

  // --- the poller's side -------------------------------------------------------

  /** Feeds to poll now (active, or failing and due for a retry), most overdue first. */
  async dueFeeds(
    now: Date,
    limit: number,
    excludeIds: readonly string[] = [],
  ): Promise<FeedRecord[]> {
    return this.prisma.feed.findMany({
      where: {
        status: { in: ['active', 'error'] },
        nextPollAt: { lte: now },
        ...(excludeIds.length ? { id: { notIn: [...excludeIds] } } : {}),
      },
      orderBy: [{ nextPollAt: 'asc' }],
      take: limit,
    });
  }

  /**
   * Takes a due feed for one poll by moving its next poll to `leaseUntil`, only if
   * nobody else did first: several ingesters can share the registry, and a crashed
   * poll is retried once the lease runs out.
   */
  async claim(feed: Pick<FeedRecord, 'id' | 'nextPollAt'>, leaseUntil: Date): Promise<boolean> {
    const { count } = await this.prisma.feed.updateMany({
      where: { id: feed.id, nextPollAt: feed.nextPollAt, status: { not: 'paused' } },
      data: { nextPollAt: leaseUntil },
    });
    return count === 1;
  }

  /** The subset of `itemKeys` already published for this feed. */
  async knownItemKeys(feedId: string, itemKeys: readonly string[]): Promise<Set<string>> {
    if (itemKeys.length === 0) return new Set();
    const rows = await this.prisma.feedItem.findMany({
      where: { feedId, itemKey: { in: [...itemKeys] } },
      select: { itemKey: true },
    });
    return new Set(rows.map((r) => r.itemKey));
  }

  /** Remembers items after the broker acknowledged their articles. */
  async recordPublished(feedId: string, items: readonly PublishedItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.feedItem.createMany({
        data: items.map((i) => ({ feedId, ...i })),
        skipDuplicates: true,
      });
      await tx.feed.updateMany({
        where: { id: feedId },
        data: { itemsPublished: { increment: count } },
      });
    });
  }

  async recordSuccess(feedId: string, outcome: PollSuccess): Promise<void> {
    const data = {
      lastPolledAt: outcome.polledAt,
      lastSuccessAt: outcome.polledAt,
      nextPollAt: outcome.nextPollAt,
      errorCount: 0,
      meanIntervalSeconds: outcome.meanIntervalSeconds,
      ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}),
      ...(outcome.lastModified !== undefined ? { lastModified: outcome.lastModified } : {}),
    };
    await this.updateUnlessPaused(feedId, { ...data, status: 'active' }, data);
    const title = cleanTitle(outcome.discoveredTitle);
    if (title) {
      await this.prisma.feed.updateMany({ where: { id: feedId, title: null }, data: { title } });
    }
  }

  async recordFailure(feedId: string, outcome: PollFailure): Promise<void> {
    const data = {
      lastPolledAt: outcome.polledAt,
      nextPollAt: outcome.nextPollAt,
      errorCount: { increment: 1 },
      lastError: outcome.error.slice(0, 2000),
      lastErrorAt: outcome.polledAt,
    };
    await this.updateUnlessPaused(feedId, { ...data, status: 'error' }, data);
  }

  /** A feed paused while it was being polled stays paused; a removed one stays removed. */
  private async updateUnlessPaused(
    id: string,
    withStatus: Parameters<PrismaService['feed']['updateMany']>[0]['data'],
    withoutStatus: Parameters<PrismaService['feed']['updateMany']>[0]['data'],
  ): Promise<void> {
    const { count } = await this.prisma.feed.updateMany({
      where: { id, status: { not: 'paused' } },
      data: withStatus,
    });
    if (count === 0) await this.prisma.feed.updateMany({ where: { id }, data: withoutStatus });
  }

  private async update(
    id: string,
    data: { status: FeedStatus; nextPollAt?: Date },
  ): Promise<FeedRecord> {
    const { count } = await this.prisma.feed.updateMany({ where: { id }, data });
    if (count === 0) throw new FeedNotFoundError(id);
    return this.prisma.feed.findUniqueOrThrow({ where: { id } });
  }
}
