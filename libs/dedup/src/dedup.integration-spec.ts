import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  decodeValue,
  topicName,
  Topics,
  type DedupedArticle,
  type RawArticle,
  type StoryMove,
  type TopicContract,
} from '@newsgraph/contracts';
import {
  freePort,
  repoRoot,
  startService,
  waitFor,
  type RunningService,
} from '@newsgraph/devstack';
import { createKafka, EventPublisher } from '@newsgraph/kafka';
import { DedupEngine, type DedupEngineOptions } from './dedup-engine';
import { InMemoryDedup } from './replay';

/**
 * Two real deduplicator processes in one consumer group, one stopped mid-stream:
 * whatever the instances did between them, the verdicts and stories published
 * equal one engine run over the sequence topic, in its order.
 */
const HOUR = 3_600_000;
const env = {
  DEDUP_NEAR_CAPACITY: '65536',
  DEDUP_STORY_WINDOW_ARTICLES: '5000',
  DEDUP_STORY_WINDOW_HOURS: '168',
  DEDUP_STORY_INACTIVITY_HOURS: '48',
  DEDUP_STORY_REFINE_EVERY: '5',
  DEDUP_SNAPSHOT_EVERY: '100',
  DEDUP_SNAPSHOT_INTERVAL_SECONDS: '3600',
  LOG_LEVEL: 'info',
};
const engineOptions: DedupEngineOptions = {
  nearDup: { capacity: 65536 },
  stories: { maxArticles: 5000, windowMs: 168 * HOUR, inactivityMs: 48 * HOUR, refineEvery: 5 },
};

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 48271) + 12345) >>> 0) / 2 ** 32;
}

/** News-like stream: events with their own vocabulary, and exact and near copies of earlier items. */
function stream(count: number, seed: number): RawArticle[] {
  const random = prng(seed);
  const word = () =>
    Array.from({ length: 3 + Math.floor(random() * 6) }, () =>
      String.fromCharCode(97 + Math.floor(random() * 26)),
    ).join('');
  const common = Array.from({ length: 200 }, word);
  const events = Array.from({ length: 12 }, () => Array.from({ length: 40 }, word));
  const out: RawArticle[] = [];
  for (let i = 0; i < count; i++) {
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    let body: string;
    const roll = random();
    if (out.length > 5 && roll < 0.15) body = pick(out).body;
    else if (out.length > 5 && roll < 0.3) {
      const words = pick(out).body.split(' ');
      body = `Read More: ${word()} ${word()}\n${words.slice(0, Math.ceil(words.length * 0.8)).join(' ')}`;
    } else {
      const vocabulary = pick(events);
      body = Array.from({ length: 120 }, () => pick(random() < 0.6 ? vocabulary : common)).join(
        ' ',
      );
    }
    const name = `src${i % 7}/${seed}-${i}`;
    out.push({
      schemaVersion: 1,
      articleId: createHash('md5').update(name).digest('hex'),
      source: { id: `src${i % 7}`, name: `Source ${i % 7}`, url: null },
      externalId: name,
      url: null,
      title: body.split(' ').slice(2, 9).join(' '),
      body,
      language: 'en',
      publishedAt: null,
      ingestedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      contentHash: createHash('sha256').update(body).digest('hex'),
      byline: null,
    });
  }
  return out;
}

async function readAll<T extends TopicContract>(
  topic: T,
  prefix: string,
): Promise<{ offset: number; value: ReturnType<T['value']['parse']> }[]> {
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'it' });
  const admin = kafka.admin();
  await admin.connect();
  const name = topicName(topic, prefix);
  const ends = await admin.fetchTopicOffsets(name);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const out: { offset: number; value: ReturnType<T['value']['parse']> }[] = [];
  if (total === 0) return out;
  const consumer = kafka.consumer({ groupId: `it-read-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: name, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      out.push({
        offset: Number(message.offset),
        value: decodeValue(topic, message.value) as ReturnType<T['value']['parse']>,
      });
    },
  });
  await waitFor(
    'the topic read to its end',
    () => (out.length >= total ? true : undefined),
    60_000,
  );
  await consumer.disconnect();
  return out;
}

describe('deduplicator instances', () => {
  const prefix = `${process.env.TOPIC_PREFIX}dedup-it.`;
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = `${base.pathname}_dedup`;
  const serviceEnv = {
    ...env,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: prefix,
    DATABASE_URL: base.toString(),
  };
  const instances: RunningService[] = [];
  const logs: string[] = [];
  const start = async () => {
    const port = String(await freePort());
    instances.push(
      await startService(
        'deduplicator',
        { ...serviceEnv, DEDUPLICATOR_PORT: port },
        { output: (line) => logs.push(line) },
      ),
    );
  };
  let publisher: EventPublisher;

  beforeAll(async () => {
    const stack = join(repoRoot(), 'tools/stack/dist/main.js');
    for (const command of ['migrate', 'topics'])
      execFileSync(process.execPath, [stack, command], {
        env: { ...process.env, ...serviceEnv, NODE_NO_WARNINGS: '1' },
        stdio: 'ignore',
      });
    publisher = new EventPublisher(
      createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'it' }),
      prefix,
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await publisher?.disconnect();
  });

  it('decide as one engine over the sequence, across a hand-over between them', async () => {
    const articles = stream(240, 7);
    const send = (xs: RawArticle[]) =>
      publisher.publish(
        Topics.articleRaw,
        xs.map((value) => ({ key: value.articleId, value })),
      );
    await start();
    await start();
    await send(articles.slice(0, 120));
    const decided = (n: number) =>
      waitFor(
        `${n} articles decided`,
        async () =>
          new Set(
            (await readAll(Topics.articleDeduped, prefix)).map((m) => m.value.article.articleId),
          ).size >= n
            ? true
            : undefined,
        90_000,
        1000,
      );
    await decided(120);

    // Stop both (one after the other), then a fresh instance must take over from the snapshot.
    await instances[0]!.stop();
    await send(articles.slice(120, 180));
    await decided(180);
    await instances[1]!.stop();
    await send(articles.slice(180));
    await start();
    await decided(240);

    const sequence = await readAll(Topics.dedupSequence, prefix);
    sequence.sort((a, b) => a.offset - b.offset);
    expect(new Set(sequence.map((m) => m.value.articleId)).size).toBe(240);

    // One engine, the exact claims simulated first-wins in sequence order.
    const engine = new InMemoryDedup(DedupEngine.create(engineOptions));
    const expected = new Map<string, DedupedArticle>();
    const expectedMoves: StoryMove[] = [];
    for (const { offset, value } of sequence) {
      const d = engine.decide(value, offset);
      if (!expected.has(value.articleId)) expected.set(value.articleId, d.deduped);
      expectedMoves.push(...d.moves);
    }

    const published = await readAll(Topics.articleDeduped, prefix);
    for (const { value } of published) {
      const want = expected.get(value.article.articleId)!;
      expect({ id: value.article.articleId, verdict: value.verdict, story: value.story }).toEqual({
        id: want.article.articleId,
        verdict: want.verdict,
        story: want.story,
      });
    }
    const kinds = [...expected.values()].map((d) => d.verdict.kind);
    expect(kinds).toContain('exact');
    expect(kinds).toContain('near');

    // The hand-overs went through a restored snapshot and a re-read of the
    // sequence, and nothing was dead-lettered on the way.
    expect(logs.some((l) => /restored the snapshot/.test(l))).toBe(true);
    expect(logs.some((l) => /re-reading from/.test(l))).toBe(true);
    expect(await readAll(Topics.deadLetter, prefix)).toEqual([]);

    const key = (m: StoryMove) => `${m.articleId}@${m.story.revision}->${m.story.id}`;
    const moves = await readAll(Topics.storyMoves, prefix);
    expect(new Set(moves.map((m) => key(m.value)))).toEqual(new Set(expectedMoves.map(key)));
  }, 300_000);
});
