import type { RawArticle } from '@newsgraph/contracts';
import type { FeedRecord, PollFailure, PollSuccess, PublishedItem } from '@newsgraph/feed-registry';
import { FeedFetchError, FeedPoller, type FeedStore, type FetchResult } from './index';

const T0 = new Date('2020-03-05T12:00:00Z');

function feedRecord(id: string, url: string): FeedRecord {
  return {
    id,
    url,
    title: null,
    status: 'active',
    etag: null,
    lastModified: null,
    nextPollAt: T0,
    lastPolledAt: null,
    lastSuccessAt: null,
    errorCount: 0,
    lastError: null,
    lastErrorAt: null,
    meanIntervalSeconds: null,
    itemsPublished: 0,
    createdAt: T0,
    updatedAt: T0,
  };
}

/** An in-memory registry with the same semantics as FeedsService's poller side. */
class MemoryStore implements FeedStore {
  feeds = new Map<string, FeedRecord>();
  items = new Map<string, PublishedItem[]>();
  async dueFeeds(now: Date, limit: number, exclude: readonly string[] = []) {
    return [...this.feeds.values()]
      .filter((f) => f.status !== 'paused' && f.nextPollAt <= now && !exclude.includes(f.id))
      .sort((a, b) => a.nextPollAt.getTime() - b.nextPollAt.getTime())
      .slice(0, limit)
      .map((f) => ({ ...f }));
  }
  async claim(feed: Pick<FeedRecord, 'id' | 'nextPollAt'>, until: Date) {
    const f = this.feeds.get(feed.id);
    if (!f || f.nextPollAt.getTime() !== feed.nextPollAt.getTime()) return false;
    f.nextPollAt = until;
    return true;
  }
  async knownItemKeys(feedId: string, keys: readonly string[]) {
    const known = new Set((this.items.get(feedId) ?? []).map((i) => i.itemKey));
    return new Set(keys.filter((k) => known.has(k)));
  }
  async recordPublished(feedId: string, items: readonly PublishedItem[]) {
    this.items.set(feedId, [...(this.items.get(feedId) ?? []), ...items]);
  }
  async recordSuccess(feedId: string, o: PollSuccess) {
    const f = this.feeds.get(feedId)!;
    Object.assign(f, {
      status: 'active',
      errorCount: 0,
      nextPollAt: o.nextPollAt,
      lastPolledAt: o.polledAt,
      lastSuccessAt: o.polledAt,
      meanIntervalSeconds: o.meanIntervalSeconds,
      ...(o.etag !== undefined ? { etag: o.etag } : {}),
    });
    f.title ??= o.discoveredTitle ?? null;
  }
  async recordFailure(feedId: string, o: PollFailure) {
    const f = this.feeds.get(feedId)!;
    Object.assign(f, {
      status: 'error',
      errorCount: f.errorCount + 1,
      nextPollAt: o.nextPollAt,
      lastError: o.error,
      lastErrorAt: o.polledAt,
    });
  }
}

const rss = (items: { guid: string; date: string }[]) =>
  Buffer.from(
    `<rss version="2.0"><channel><title>Fake</title>${items
      .map(
        (i) =>
          `<item><guid>${i.guid}</guid><title>T ${i.guid}</title><description>Body ${i.guid}</description><pubDate>${i.date}</pubDate></item>`,
      )
      .join('')}</channel></rss>`,
  );

describe('FeedPoller', () => {
  let store: MemoryStore;
  let published: RawArticle[];
  let responses: Map<string, () => Promise<FetchResult>>;
  let active: Map<string, number>;
  let maxActive: Map<string, number>;
  let requested: string[];
  const clock = { now: T0.getTime() };

  const fetcher = {
    async fetch(url: string): Promise<FetchResult> {
      const host = new URL(url).host;
      requested.push(url);
      active.set(host, (active.get(host) ?? 0) + 1);
      maxActive.set(host, Math.max(maxActive.get(host) ?? 0, active.get(host)!));
      try {
        await new Promise((r) => setTimeout(r, 5));
        const respond = responses.get(url);
        if (!respond) throw new FeedFetchError('http', 'HTTP 404', 404);
        return await respond();
      } finally {
        active.set(host, active.get(host)! - 1);
      }
    },
  };
  const ok =
    (body: Buffer, etag: string | null = null) =>
    async (): Promise<FetchResult> => ({
      status: 'ok',
      url: 'https://a.example/feed',
      body,
      contentType: 'application/rss+xml',
      etag,
      lastModified: null,
    });

  const poller = (extra: Partial<ConstructorParameters<typeof FeedPoller>[0]> = {}) =>
    new FeedPoller({
      store,
      fetcher,
      publish: async (articles) => void published.push(...articles),
      schedule: {
        minIntervalMs: 60_000,
        maxIntervalMs: 3600_000,
        defaultIntervalMs: 600_000,
        backoffBaseMs: 10_000,
        maxBackoffMs: 600_000,
        jitter: 0,
      },
      concurrency: 10,
      perHostConcurrency: 2,
      now: () => new Date(clock.now),
      random: () => 1,
      ...extra,
    });

  beforeEach(() => {
    store = new MemoryStore();
    published = [];
    responses = new Map();
    active = new Map();
    maxActive = new Map();
    requested = [];
    clock.now = T0.getTime();
  });

  const runPass = async (p: FeedPoller) => Promise.all(await p.pollDue());

  it('publishes new items oldest first, once, and schedules from the publish rate', async () => {
    store.feeds.set('a', feedRecord('a', 'https://a.example/feed'));
    responses.set(
      'https://a.example/feed',
      ok(
        rss([
          { guid: '3', date: 'Thu, 05 Mar 2020 11:00:00 GMT' },
          { guid: '2', date: 'Thu, 05 Mar 2020 10:00:00 GMT' },
          { guid: '1', date: 'Thu, 05 Mar 2020 09:00:00 GMT' },
        ]),
        '"v1"',
      ),
    );
    const p = poller();
    const [report] = await runPass(p);
    expect(report).toMatchObject({ outcome: 'updated', published: 3 });
    expect(published.map((a) => a.externalId)).toEqual(['1', '2', '3']);
    const feed = store.feeds.get('a')!;
    expect(feed).toMatchObject({ etag: '"v1"', title: 'Fake', meanIntervalSeconds: 3600 });
    // Two polls per hourly item.
    expect(feed.nextPollAt.getTime() - clock.now).toBe(1800_000);

    clock.now = feed.nextPollAt.getTime();
    await runPass(p);
    expect(published).toHaveLength(3);
  });

  it('records a broken feed on that feed, backs off exponentially, and polls the others', async () => {
    for (const id of ['bad', 'good']) {
      store.feeds.set(id, feedRecord(id, `https://${id}.example/feed`));
    }
    responses.set('https://good.example/feed', ok(rss([{ guid: 'g', date: 'x' }])));
    responses.set('https://bad.example/feed', ok(Buffer.from('<rss><channel><item>')));
    const p = poller();
    const reports = await runPass(p);
    expect(reports.map((r) => r.outcome).sort()).toEqual(['failed', 'updated']);
    expect(published.map((a) => a.externalId)).toEqual(['g']);
    const bad = store.feeds.get('bad')!;
    expect(bad).toMatchObject({ status: 'error', errorCount: 1 });
    expect(bad.lastError).toMatch(/malformed XML/);
    expect(bad.nextPollAt.getTime() - clock.now).toBe(10_000);

    clock.now = bad.nextPollAt.getTime();
    await runPass(p);
    expect(store.feeds.get('bad')!.errorCount).toBe(2);
    expect(store.feeds.get('bad')!.nextPollAt.getTime() - clock.now).toBe(20_000);

    responses.set('https://bad.example/feed', ok(rss([{ guid: 'b', date: 'x' }])));
    clock.now = store.feeds.get('bad')!.nextPollAt.getTime();
    await runPass(p);
    expect(store.feeds.get('bad')).toMatchObject({ status: 'active', errorCount: 0 });
  });

  it('honours Retry-After', async () => {
    store.feeds.set('a', feedRecord('a', 'https://a.example/feed'));
    responses.set('https://a.example/feed', async () => {
      throw new FeedFetchError('http', 'HTTP 429', 429, 300_000);
    });
    await runPass(poller());
    expect(store.feeds.get('a')!.nextPollAt.getTime() - clock.now).toBe(300_000);
  });

  it('limits concurrent polls per host', async () => {
    for (let i = 0; i < 6; i++) {
      store.feeds.set(`s${i}`, feedRecord(`s${i}`, `https://same.example/feed${i}`));
      responses.set(`https://same.example/feed${i}`, ok(rss([])));
    }
    store.feeds.set('o', feedRecord('o', 'https://other.example/feed'));
    responses.set('https://other.example/feed', ok(rss([])));
    const p = poller();
    const first = await runPass(p);
    expect(first).toHaveLength(3);
    while ((await runPass(p)).length > 0);
    expect(maxActive.get('same.example')).toBe(2);
    expect([...store.feeds.values()].every((f) => f.lastPolledAt !== null)).toBe(true);
  });

  it('leaves the feed alone when the broker fails, and never records unpublished items', async () => {
    store.feeds.set('a', feedRecord('a', 'https://a.example/feed'));
    responses.set('https://a.example/feed', ok(rss([{ guid: '1', date: 'x' }])));
    const p = poller({
      publish: async () => {
        throw new Error('broker down');
      },
    });
    const [report] = await runPass(p);
    expect(report).toMatchObject({ outcome: 'publish-failed', error: 'broker down' });
    expect(store.items.get('a')).toBeUndefined();
    expect(store.feeds.get('a')).toMatchObject({ status: 'active', errorCount: 0 });
  });

  describe('with item pages', () => {
    const prose = (topic: string) =>
      Array.from(
        { length: 4 },
        (_, i) =>
          `<p>Paragraph ${i} about ${topic}: the council met on Friday and agreed a budget for the harbour bridge.</p>`,
      ).join('');
    const html =
      (body: string, head = '') =>
      async (): Promise<FetchResult> => ({
        status: 'ok',
        url: 'https://pages.example/x',
        body: Buffer.from(`<html lang="en"><head>${head}</head><body>${body}</body></html>`),
        contentType: 'text/html; charset=utf-8',
        etag: null,
        lastModified: null,
      });
    const linked = (ids: string[]) =>
      Buffer.from(
        `<rss version="2.0"><channel><title>Fake</title>${ids
          .map(
            (id, i) =>
              `<item><guid>${id}</guid><title>T ${id}</title><link>https://pages.example/${id}?utm_source=rss</link>` +
              `<description>Feed text of ${id}.</description><pubDate>Thu, 05 Mar 2020 0${i}:00:00 GMT</pubDate></item>`,
          )
          .join('')}</channel></rss>`,
      );
    const page = (id: string) => `https://pages.example/${id}?utm_source=rss`;

    it('publishes the page’s text and canonical URL, else the feed’s text, and counts each', async () => {
      store.feeds.set('a', feedRecord('a', 'https://a.example/feed'));
      responses.set('https://a.example/feed', ok(linked(['good', 'gone', 'pdf', 'thin'])));
      responses.set(
        page('good'),
        html(
          `<nav><a href="/">Home</a></nav><article>${prose('good')}</article>`,
          '<link rel="canonical" href="/good/canonical?utm_medium=x">',
        ),
      );
      responses.set(page('pdf'), async () => ({
        ...(await html('')()),
        contentType: 'application/pdf',
      }));
      responses.set(page('thin'), html('<p>Subscribe to continue.</p>'));
      const results: unknown[] = [];
      const [report] = await runPass(poller({ pages: { onResult: (r) => results.push(r) } }));

      expect(report).toMatchObject({ outcome: 'updated', published: 4 });
      expect(report!.pages.extracted).toBe(1);
      expect(report!.pages.fallbacks.map((f) => [f.itemKey, f.reason])).toEqual([
        ['gone', 'http'],
        ['pdf', 'not-html'],
        ['thin', 'thin'],
      ]);
      expect(results).toEqual([
        { outcome: 'extracted', reason: null },
        { outcome: 'fallback', reason: 'http' },
        { outcome: 'fallback', reason: 'not-html' },
        { outcome: 'fallback', reason: 'thin' },
      ]);
      const byId = Object.fromEntries(published.map((a) => [a.externalId, a]));
      expect(byId.good).toMatchObject({
        title: 'T good',
        url: 'https://pages.example/good/canonical',
        language: 'en',
      });
      expect(byId.good!.body).toMatch(/^Paragraph 0 about good/);
      expect(byId.good!.body).not.toMatch(/Home/);
      for (const id of ['gone', 'pdf', 'thin']) {
        expect(byId[id]).toMatchObject({
          body: `Feed text of ${id}.`,
          url: `https://pages.example/${id}`,
        });
      }
      // The restart semantics are the item keys': nothing is fetched or published twice.
      clock.now = store.feeds.get('a')!.nextPollAt.getTime();
      requested = [];
      await runPass(poller({ pages: {} }));
      expect(published).toHaveLength(4);
      expect(requested).toEqual(['https://a.example/feed']);
    });

    it('holds to the per-host page limit, and fetches no page past the poll’s budget', async () => {
      const ids = ['p1', 'p2', 'p3', 'p4', 'p5'];
      store.feeds.set('a', feedRecord('a', 'https://a.example/feed'));
      responses.set('https://a.example/feed', ok(linked(ids)));
      for (const id of ids) responses.set(page(id), html(prose(id)));
      const [report] = await runPass(poller({ pages: { perHostConcurrency: 1 } }));
      expect(report!.pages.extracted).toBe(5);
      expect(maxActive.get('pages.example')).toBe(1);

      store.feeds.set('b', feedRecord('b', 'https://b.example/feed'));
      responses.set('https://b.example/feed', ok(linked(['q1', 'q2'])));
      maxActive.delete('pages.example');
      const [late] = await runPass(poller({ pages: { budgetMs: 0 } }));
      expect(late).toMatchObject({ outcome: 'updated', published: 2 });
      expect(late!.pages.fallbacks.map((f) => f.reason)).toEqual(['over-budget', 'over-budget']);
      expect(maxActive.has('pages.example')).toBe(false);
    });
  });
});
