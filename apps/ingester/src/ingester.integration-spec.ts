import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { topicName, Topics, type RawArticle } from '@newsgraph/contracts';
import { PrismaService } from '@newsgraph/db';
import { freePort, startService, waitFor, type RunningService } from '@newsgraph/devstack';
import { FeedsService } from '@newsgraph/feed-registry';
import { createKafka } from '@newsgraph/kafka';
import type { Consumer } from 'kafkajs';

// The built ingester as a real process: the push API, and the feed poller wired
// to the run's database and topics.

const KEY = 'wire-key-0123456789abcdef';

describe('ingester service', () => {
  let service: RunningService;
  let url: string;
  let consumer: Consumer;
  const received: RawArticle[] = [];
  const output: string[] = [];

  const push = (body: unknown, key: string | null = KEY) =>
    fetch(`${url}/v1/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const article = (id: string) => ({
    id,
    title: `Pushed ${id}`,
    body: `The body of ${id}.`,
    url: `https://wire.example/${id}`,
    publishedAt: '2020-03-05T10:00:00Z',
  });

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    service = await startService(
      'ingester',
      {
        INGESTER_PORT: String(port),
        INGEST_API_KEYS: `wire:${KEY}`,
        PUSH_MAX_ITEMS: '5',
        PUSH_MAX_BODY_BYTES: '20000',
        FEEDS_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        FEEDS_TICK_MS: '200',
        LOG_LEVEL: 'warn',
      },
      { output: (line) => output.push(line) },
    );
    consumer = createKafka({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'ingester-it',
    }).consumer({ groupId: `${process.env.TOPIC_PREFIX}ingester-it-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({
      topic: topicName(Topics.articleRaw, process.env.TOPIC_PREFIX),
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void received.push(JSON.parse(message.value!.toString()) as RawArticle),
    });
  }, 120_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await service?.stop();
  });

  it('refuses requests without a valid API key', async () => {
    const missing = await push(article('a'), null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: 'missing x-api-key header' });
    expect((await push(article('a'), 'not-the-key-0123456789')).status).toBe(401);
  });

  it('accepts one article or a batch, reporting each invalid item', async () => {
    const single = await push({ ...article('p1'), byline: 'Wire Desk' });
    expect(single.status).toBe(202);
    const one = (await single.json()) as { accepted: { id: string; articleId: string }[] };
    expect(one.accepted).toEqual([{ index: 0, id: 'p1', articleId: expect.any(String) }]);

    const batch = await push([
      article('p2'),
      { ...article('bad'), url: 'ftp://x', title: '' },
      article('p3'),
    ]);
    expect(batch.status).toBe(202);
    const result = (await batch.json()) as {
      accepted: { index: number; id: string }[];
      rejected: { index: number; errors: string[] }[];
    };
    expect(result.accepted.map((a) => a.id)).toEqual(['p2', 'p3']);
    expect(result.rejected).toEqual([
      {
        index: 1,
        errors: expect.arrayContaining([
          expect.stringMatching(/^title: /),
          expect.stringMatching(/^url: must be an http\(s\) URL/),
        ]),
      },
    ]);

    const pushed = await waitFor('the pushed articles on the raw topic', () => {
      const mine = received.filter((a) => a.source.id === 'push-wire');
      return mine.length >= 3 ? mine : undefined;
    });
    expect(pushed.map((a) => a.externalId).sort()).toEqual(['p1', 'p2', 'p3']);
    expect(pushed.find((a) => a.externalId === 'p1')).toMatchObject({
      articleId: one.accepted[0]!.articleId,
      title: 'Pushed p1',
      source: { id: 'push-wire', name: 'wire', url: null },
      byline: 'Wire Desk',
    });
    expect(pushed.find((a) => a.externalId === 'p2')!.byline).toBeNull();
  });

  it('refuses bad requests as a whole with a reason', async () => {
    const none = await push([{ id: 'x' }]);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: 'no valid article' });
    const many = await push([1, 2, 3, 4, 5, 6].map((i) => article(`m${i}`)));
    expect(many.status).toBe(400);
    expect(await many.json()).toEqual({ error: 'at most 5 articles per request (got 6)' });
    const notJson = await push('{"id": ');
    expect(notJson.status).toBe(400);
    const huge = await push({ ...article('huge'), body: 'x'.repeat(30_000) });
    expect(huge.status).toBe(413);
  });

  it('polls a feed added to the registry and publishes its items', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(
        `<feed xmlns="http://www.w3.org/2005/Atom"><title>Service fixture</title>
          <entry><id>urn:svc:1</id><title>From the poller</title><link href="/svc/1"/>
            <author><name>Ann Feed</name></author><updated>2020-03-05T10:00:00Z</updated><summary>Polled by the service.</summary></entry>
        </feed>`,
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const prisma = new PrismaService(process.env.DATABASE_URL!);
    try {
      const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/atom.xml`;
      const { feed } = await new FeedsService(prisma).add({ url: feedUrl });
      const polled = await waitFor('the polled item on the raw topic', () =>
        received.find((a) => a.source.id === feed.id),
      );
      expect(polled).toMatchObject({
        externalId: 'urn:svc:1',
        title: 'From the poller',
        body: 'Polled by the service.',
        url: new URL('/svc/1', feedUrl).toString(),
        source: { name: 'Service fixture', url: feedUrl },
        byline: 'Ann Feed',
      });
      const recorded = await waitFor('the item recorded', async () =>
        (await prisma.feedItem.count({ where: { feedId: feed.id } })) === 1 ? true : undefined,
      );
      expect(recorded).toBe(true);
    } finally {
      await prisma.$disconnect();
      server.closeAllConnections();
      server.close();
    }
  });
});
