import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { topicName, Topics, type RawArticle } from '@newsgraph/contracts';
import { PrismaService } from '@newsgraph/db';
import { waitFor } from '@newsgraph/devstack';
import { FeedsService } from '@newsgraph/feed-registry';
import { createKafka, EventPublisher } from '@newsgraph/kafka';
import type { Consumer } from 'kafkajs';
import { FeedFetcher, FeedPoller, type PollReport } from './index';

// The poller against a local HTTP server (loopback, allow-listed), the run's
// database and the run's Kafka topics: what a feed server can do to us, and
// every article reaching Kafka exactly once, across a restart too.

const brokers = () => process.env.KAFKA_BROKERS!.split(',');
const prefix = () => process.env.TOPIC_PREFIX!;

const rssItem = (id: string, link: string, date: string) =>
  `<item><guid isPermaLink="false">${id}</guid><title>Title ${id}</title><link>${link}</link>` +
  `<description><![CDATA[<p>Body of ${id}.</p>]]></description><pubDate>${date}</pubDate></item>`;
const rss = (items: string[], title = 'Fixture') =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title>${items.join('')}</channel></rss>`;

const STORY = [
  'The harbour bridge reopened to traffic on Friday morning after eighteen months of repairs to its steel deck.',
  'Engineers replaced more than four hundred bolts and repainted the main span, the city council said in a statement.',
  'Commuters who had faced a forty minute detour welcomed the news, although cyclists must wait another week for their lane.',
];

/**
 * An article page as news sites serve them: menus, scripts, a "Read More" list,
 * a footer, JSON-LD and a canonical link carrying tracking parameters.
 */
const storyPage = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Bridge reopens | Fixture News</title>
<link rel="canonical" href="/story/bridge-reopens?utm_source=twitter&amp;utm_campaign=spring&amp;id=7&amp;fbclid=IwAR0x">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Bridge reopens","datePublished":"2020-03-06T08:30:00Z","author":{"@type":"Person","name":"Ann Writer"}}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({ section: 'city' });</script>
<style>.nav { display: flex }</style></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article><h1>Bridge reopens</h1><p class="byline">By Ann Writer</p>
${STORY.map((p) => `<p>${p}</p>`).join('\n')}
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div></article>
<aside><h2>Read More</h2><ul><li><a href="/story/council-budget">Council agrees budget for next year</a></li>
<li><a href="/story/weather">Weather warning issued for the weekend</a></li></ul></aside></main>
<footer><p>Copyright 2020 Fixture News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
<script>console.log('analytics')</script></body></html>`;

/** An item without a date: the page's JSON-LD must supply it. */
const undatedItem = (id: string, link: string) =>
  `<item><guid isPermaLink="false">${id}</guid><title>Title ${id}</title><link>${link}</link>` +
  `<description><![CDATA[<p>Teaser of ${id}.</p>]]></description></item>`;

/** The fixture feed server; `state` changes what it answers. */
function fixtureServer() {
  const state = { etagVersion: 1, limitedHits: 0, pagesVersion: 1 };
  const seen: { path: string; ifNoneMatch?: string }[] = [];
  const hanging = new Set<ServerResponse>();
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/etag.xml': (req, res) => {
      const etag = `"v${state.etagVersion}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      const items = [
        rssItem('e1', '/news/e1.html', 'Thu, 05 Mar 2020 09:00:00 GMT'),
        rssItem('e2', '/news/e2.html', 'Thu, 05 Mar 2020 10:00:00 GMT'),
      ];
      if (state.etagVersion > 1) {
        items.unshift(rssItem('e3', '/news/e3.html', 'Thu, 05 Mar 2020 11:00:00 GMT'));
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(rss(items));
    },
    '/limited.xml': (_req, res) => {
      if (state.limitedHits++ === 0) {
        return void res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      }
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          rss([
            rssItem('l1', 'l1.html', 'Wed, 04 Mar 2020 09:00:00 GMT'),
            rssItem('l2', 'l2.html', 'Wed, 04 Mar 2020 10:00:00 GMT'),
          ]),
        );
    },
    '/redirect.xml': (_req, res) => void res.writeHead(301, { location: '/hop' }).end(),
    '/hop': (_req, res) => void res.writeHead(302, { location: '/final/feed.xml' }).end(),
    '/final/feed.xml': (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          rss([
            rssItem('r1', '../articles/r1.html', 'Tue, 03 Mar 2020 09:00:00 GMT'),
            rssItem('r2', '../articles/r2.html', 'Tue, 03 Mar 2020 10:00:00 GMT'),
          ]),
        );
    },
    '/redirect-private.xml': (_req, res) =>
      void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/malformed.xml': (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end('<rss version="2.0"><channel><title>Cut</title><item><title>half an ite');
    },
    '/latin1.xml': (_req, res) => {
      // Declared UTF-8 by the server, written in ISO-8859-1.
      const body = Buffer.from(
        rss([rssItem('c1', '/c1', 'Mon, 02 Mar 2020 09:00:00 GMT')], 'Caf\xe9 cr\xe8me'),
        'latin1',
      );
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    },
    '/gzip.xml': (_req, res) => {
      const body = gzipSync(
        rss([
          rssItem('g1', '/g1', 'Sun, 01 Mar 2020 09:00:00 GMT'),
          rssItem('g2', '/g2', 'Sun, 01 Mar 2020 10:00:00 GMT'),
        ]),
      );
      res
        .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' })
        .end(body);
    },
    '/feed.json': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/feed+json' }).end(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'JSON fixture',
          items: [{ id: 'j1', url: '/j1', title: 'JSON one', content_text: 'Plain body.' }],
        }),
      );
    },
    '/huge.xml': (_req, res) => {
      // No Content-Length: the limit must hold while streaming.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(16 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.write('<rss version="2.0"><channel><title>');
      pump();
    },
    '/slow.xml': (_req, res) => void hanging.add(res),
    '/pages.xml': (_req, res) => {
      const items = [
        undatedItem('p-clean', '/story/bridge.html?utm_source=rss&amp;utm_medium=feed'),
        rssItem('p-missing', '/story/missing.html', 'Fri, 06 Mar 2020 09:00:00 GMT'),
        rssItem('p-slow', '/story/slow.html', 'Fri, 06 Mar 2020 10:00:00 GMT'),
      ];
      if (state.pagesVersion > 1) items.unshift(undatedItem('p-new', '/story/bridge.html?v=2'));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items, 'Pages'));
    },
    '/story/bridge.html': (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(storyPage),
    '/story/slow.html': (_req, res) => void hanging.add(res),
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    seen.push({ path, ifNoneMatch: req.headers['if-none-match'] });
    const route = routes[path];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  return {
    state,
    seen,
    async listen(): Promise<string> {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close(): Promise<void> {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('FeedPoller against a real HTTP server, Postgres and Kafka', () => {
  const server = fixtureServer();
  let base: string;
  let prisma: PrismaService;
  let feeds: FeedsService;
  let publisher: EventPublisher;
  let fetcher: FeedFetcher;
  let consumer: Consumer;
  const received: RawArticle[] = [];
  const ids: Record<string, string> = {};
  const clock = { now: Date.now() + 5_000 };

  const newPoller = () =>
    new FeedPoller({
      pages: { concurrency: 8, perHostConcurrency: 8 },
      store: feeds,
      fetcher,
      publish: (articles) =>
        publisher.publish(
          Topics.articleRaw,
          articles.map((a) => ({ key: a.articleId, value: a })),
        ),
      schedule: {
        minIntervalMs: 500,
        maxIntervalMs: 3600_000,
        defaultIntervalMs: 60_000,
        backoffBaseMs: 500,
        maxBackoffMs: 5_000,
        jitter: 0,
      },
      concurrency: 20,
      perHostConcurrency: 20,
      now: () => new Date(clock.now),
    });

  const pass = async (poller: FeedPoller): Promise<Record<string, PollReport>> => {
    const reports = await Promise.all(await poller.pollDue());
    const byName = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return Object.fromEntries(reports.map((r) => [byName[r.feedId]!, r]));
  };

  beforeAll(async () => {
    base = await server.listen();
    prisma = new PrismaService(process.env.DATABASE_URL!);
    await prisma.$connect();
    feeds = new FeedsService(prisma);
    publisher = new EventPublisher(
      createKafka({ brokers: brokers(), clientId: 'feeds-it' }),
      prefix(),
    );
    fetcher = new FeedFetcher({
      allowHosts: ['127.0.0.1'],
      timeoutMs: 1500,
      maxBodyBytes: 64 * 1024,
    });
    for (const name of [
      'etag.xml',
      'limited.xml',
      'redirect.xml',
      'redirect-private.xml',
      'malformed.xml',
      'latin1.xml',
      'gzip.xml',
      'feed.json',
      'huge.xml',
      'slow.xml',
      'pages.xml',
    ]) {
      ids[name] = (await feeds.add({ url: `${base}/${name}` })).feed.id;
    }
    consumer = createKafka({ brokers: brokers(), clientId: 'feeds-it' }).consumer({
      groupId: `${prefix()}feeds-it-${Date.now()}`,
    });
    await consumer.connect();
    await consumer.subscribe({
      topic: topicName(Topics.articleRaw, prefix()),
      fromBeginning: true,
    });
    const ours = new Set(Object.values(ids));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const article = JSON.parse(message.value!.toString()) as RawArticle;
        if (ours.has(article.source.id)) received.push(article);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await publisher?.disconnect();
    await fetcher?.close();
    await prisma?.$disconnect();
    await server.close();
  });

  it('publishes, records and schedules what each server answers', async () => {
    const poller = newPoller();
    const first = await pass(poller);

    expect(first['etag.xml']).toMatchObject({ outcome: 'updated', published: 2 });
    expect(first['redirect.xml']).toMatchObject({ outcome: 'updated', published: 2 });
    expect(first['latin1.xml']).toMatchObject({ outcome: 'updated', published: 1 });
    expect(first['gzip.xml']).toMatchObject({ outcome: 'updated', published: 2 });
    expect(first['feed.json']).toMatchObject({ outcome: 'updated', published: 1 });
    expect(first['limited.xml']).toMatchObject({ outcome: 'failed', error: 'HTTP 429' });
    expect(first['redirect-private.xml']!.error).toMatch(/refused 169.254.169.254: .*link-local/);
    expect(first['malformed.xml']!.error).toMatch(/malformed XML/);
    expect(first['huge.xml']!.error).toMatch(/exceeds the limit of 65536 bytes/);
    expect(first['slow.xml']!.error).toMatch(/no complete answer within 1500 ms/);
    // A page that is missing or too slow costs the item its page, never the feed.
    expect(first['pages.xml']).toMatchObject({ outcome: 'updated', published: 3 });
    expect(first['pages.xml']!.pages.extracted).toBe(1);
    expect(first['pages.xml']!.pages.fallbacks.map((f) => [f.itemKey, f.reason, f.detail])).toEqual(
      [
        ['p-missing', 'http', 'HTTP 404'],
        ['p-slow', 'timeout', 'no complete answer within 1500 ms'],
      ],
    );

    // Retry-After: 1 is honoured; other failures back off from 500 ms.
    const limited = (await feeds.get(ids['limited.xml']!))!;
    expect(limited.nextPollAt.getTime() - clock.now).toBe(1000);
    for (const name of ['malformed.xml', 'huge.xml', 'slow.xml', 'redirect-private.xml']) {
      const feed = (await feeds.get(ids[name]!))!;
      expect(feed).toMatchObject({ status: 'error', errorCount: 1 });
      expect(feed.lastError).toBe(first[name]!.error);
      expect(feed.lastErrorAt).not.toBeNull();
    }
    const etag = (await feeds.get(ids['etag.xml']!))!;
    expect(etag).toMatchObject({ status: 'active', etag: '"v1"', title: 'Fixture', errorCount: 0 });
    expect((await feeds.get(ids['latin1.xml']!))!.title).toBe('Café crème');

    clock.now += 86_400_000;
    const second = await pass(poller);
    expect(second['etag.xml']).toMatchObject({ outcome: 'not-modified', published: 0 });
    expect(server.seen.filter((s) => s.path === '/etag.xml').at(-1)!.ifNoneMatch).toBe('"v1"');
    expect(second['limited.xml']).toMatchObject({ outcome: 'updated', published: 2 });
    for (const name of ['redirect.xml', 'latin1.xml', 'gzip.xml', 'feed.json']) {
      expect(second[name]).toMatchObject({ outcome: 'updated', published: 0 });
    }
    expect(second['malformed.xml']!.outcome).toBe('failed');
    expect((await feeds.get(ids['malformed.xml']!))!.errorCount).toBe(2);
    expect((await feeds.get(ids['limited.xml']!))!).toMatchObject({
      status: 'active',
      errorCount: 0,
      lastError: 'HTTP 429',
    });
    await poller.stop();
  });

  it('publishes only new items after a restart', async () => {
    // A new process: new client, new poller, same database.
    const restartedPrisma = new PrismaService(process.env.DATABASE_URL!);
    await restartedPrisma.$connect();
    feeds = new FeedsService(restartedPrisma);
    try {
      server.state.etagVersion = 2;
      server.state.pagesVersion = 2;
      clock.now += 86_400_000;
      const pageHits = server.seen.filter((s) => s.path.startsWith('/story/')).length;
      const reports = await pass(newPoller());
      expect(reports['etag.xml']).toMatchObject({ outcome: 'updated', published: 1 });
      // Only the new item's page is fetched; the published ones are not fetched again.
      expect(reports['pages.xml']).toMatchObject({ outcome: 'updated', published: 1 });
      expect(reports['pages.xml']!.pages).toEqual({ extracted: 1, fallbacks: [] });
      expect(server.seen.filter((s) => s.path.startsWith('/story/')).length).toBe(pageHits + 1);
      for (const name of ['limited.xml', 'redirect.xml', 'latin1.xml', 'gzip.xml', 'feed.json']) {
        expect(reports[name]).toMatchObject({ outcome: 'updated', published: 0 });
      }
      expect((await feeds.get(ids['etag.xml']!))!).toMatchObject({
        etag: '"v2"',
        itemsPublished: 3,
      });
    } finally {
      await restartedPrisma.$disconnect();
    }
  });

  it('delivered every article to Kafka exactly once, with absolute links and clean text', async () => {
    const expected = 3 + 2 + 2 + 1 + 2 + 1 + 4;
    await waitFor('all articles on the raw topic', () =>
      received.length >= expected ? true : undefined,
    );
    // Anything re-published would arrive right behind.
    await new Promise((r) => setTimeout(r, 2000));
    const counts = new Map<string, number>();
    for (const a of received) counts.set(a.articleId, (counts.get(a.articleId) ?? 0) + 1);
    expect(received).toHaveLength(expected);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);

    const byExternal = Object.fromEntries(received.map((a) => [a.externalId, a]));
    expect(byExternal.r1!.url).toBe(`${base}/articles/r1.html`);
    expect(byExternal.e1!.url).toBe(`${base}/news/e1.html`);
    expect(byExternal.j1!.url).toBe(`${base}/j1`);
    expect(byExternal.e1!).toMatchObject({
      title: 'Title e1',
      body: 'Body of e1.',
      source: { id: ids['etag.xml'], name: 'Fixture', url: `${base}/etag.xml` },
      publishedAt: '2020-03-05T09:00:00.000Z',
    });
    expect(byExternal.c1!.source.name).toBe('Café crème');

    // The item's page: its main text without menus, scripts and link lists; the
    // canonical URL without tracking parameters; the date from its JSON-LD.
    expect(byExternal['p-clean']).toMatchObject({
      title: 'Title p-clean',
      body: STORY.join('\n\n'),
      url: `${base}/story/bridge-reopens?id=7`,
      publishedAt: '2020-03-06T08:30:00.000Z',
      language: 'en-GB',
    });
    expect(byExternal['p-new']).toMatchObject({ body: STORY.join('\n\n') });
    // Missing and slow pages: the feed's own text and link.
    expect(byExternal['p-missing']).toMatchObject({
      body: 'Body of p-missing.',
      url: `${base}/story/missing.html`,
      publishedAt: '2020-03-06T09:00:00.000Z',
    });
    expect(byExternal['p-slow']).toMatchObject({ body: 'Body of p-slow.' });
    // Every item of the feed arrived (articles are keyed by id, so they spread over
    // partitions and their order of consumption is not defined).
    const etagItems = received.filter((a) => a.source.id === ids['etag.xml']);
    expect(etagItems.map((a) => a.externalId).sort()).toEqual(['e1', 'e2', 'e3']);

    const recorded = await prisma.feedItem.count({
      where: { feedId: { in: Object.values(ids) } },
    });
    expect(recorded).toBe(expected);
  });
});
