import { appendFileSync } from 'node:fs';
import {
  ConsumerGroups,
  groupId,
  PipelineStages,
  topicName,
  Topics,
  type DeadLetter,
  type TopicContract,
} from '@newsgraph/contracts';
import {
  freePort,
  PORT_VARIABLE,
  startPipeline,
  startService,
  ORDER_COLUMNS,
  PROJECTED_TABLES,
  tableChecksums,
  waitFor,
  type RunningService,
  type ServiceName,
} from '@newsgraph/devstack';
import { consumerLagOf, createKafka, EventPublisher } from '@newsgraph/kafka';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { Client } from 'pg';
import { startPrivateStack, type PrivateStack } from './private-stack';
import { syntheticArticles } from './synthetic';

const ARTICLES = Number(process.env.FAULTS_ARTICLES ?? 2100);
const RATE_PER_SECOND = Number(process.env.FAULTS_RATE ?? 25);
const input = syntheticArticles(ARTICLES);

// Restarted services' logs are not kept unless FAULTS_LOG names a file; the report says what happened.
const quiet = process.env.FAULTS_LOG
  ? (line: string) => appendFileSync(process.env.FAULTS_LOG!, `${line}\n`)
  : () => undefined;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every stage has committed everything, riding out broker restarts. */
async function settle(kafka: Kafka, prefix: string, timeoutMs = 180_000): Promise<void> {
  let lags: string[] = [];
  try {
    await waitFor(
      'every stage to catch up',
      async () => {
        lags = [];
        for (const s of PipelineStages) {
          const lag = await consumerLagOf(
            kafka,
            groupId(s.group, prefix),
            topicName(s.topic, prefix),
          );
          if (lag !== 0) lags.push(`${s.group} on ${s.topic.name}: ${lag}`);
        }
        return lags.length === 0 ? true : undefined;
      },
      timeoutMs,
      500,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; still lagging: ${lags.join(', ')}`);
  }
}

async function articleRows(databaseUrl: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      id: string;
      duplicate_kind: string;
      duplicate_of_id: string | null;
      story_id: string | null;
    }>('SELECT id, duplicate_kind::text, duplicate_of_id, story_id FROM articles');
    const counts = await client.query<{ stories: number; mentions: number }>(
      `SELECT (SELECT count(*)::int FROM stories) AS stories,
              (SELECT coalesce(sum(jsonb_array_length(mentions)), 0)::int FROM articles) AS mentions`,
    );
    return { rows, ...counts.rows[0]! };
  } finally {
    await client.end();
  }
}

describe('the pipeline under faults', () => {
  let stack: PrivateStack;
  let kafka: Kafka;
  const faults: string[] = [];
  const report: string[] = [];
  const started = Date.now();
  let clean: Awaited<ReturnType<typeof tableChecksums>>;
  let cleanMentions = 0;

  beforeAll(async () => {
    stack = await startPrivateStack();
    process.env.KAFKA_BROKERS = stack.brokers;
    process.env.DATABASE_URL = stack.databaseBase.replace(/\/postgres$/, '/faults');
    process.env.TOPIC_PREFIX = 'faults.';
    kafka = createKafka({ brokers: [stack.brokers], clientId: 'faults' });
  }, 240_000);

  afterAll(() => {
    stack?.stop();
    process.stdout.write(
      `\n## fault suite report\n${report.join('\n')}\nrun time: ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  });

  it('a clean run of the input gives the reference tables', async () => {
    const pipeline = await startPipeline('clean');
    try {
      const publisher = new EventPublisher(kafka, pipeline.env.TOPIC_PREFIX!);
      for (let i = 0; i < input.articles.length; i += 200) {
        await publisher.publish(
          Topics.articleRaw,
          input.articles.slice(i, i + 200).map((value) => ({ key: value.articleId, value })),
        );
      }
      await publisher.disconnect();
      await settle(kafka, pipeline.env.TOPIC_PREFIX!);
      clean = await tableChecksums(pipeline.env.DATABASE_URL!, PROJECTED_TABLES, ORDER_COLUMNS);
      expect(clean.articles!.rows).toBe(ARTICLES);
      cleanMentions = (await articleRows(pipeline.env.DATABASE_URL!)).mentions;
      expect(cleanMentions).toBeGreaterThan(0);
    } finally {
      await pipeline.stop();
    }
  }, 300_000);

  it('loses and duplicates nothing through kills, restarts, rebalances, replays and poison', async () => {
    const pipeline = await startPipeline('faulty');
    const prefix = pipeline.env.TOPIC_PREFIX!;
    const databaseUrl = pipeline.env.DATABASE_URL!;
    const extra: RunningService[] = [];
    const unexpectedExits: string[] = [];
    const watch = (s: RunningService) =>
      void s.exited.then((code) => {
        if (!(s as { expectedExit?: boolean }).expectedExit)
          unexpectedExits.push(`${s.name} (code ${code})`);
      });
    pipeline.services.forEach(watch);
    const serviceIndex = (name: ServiceName) => pipeline.services.findIndex((s) => s.name === name);
    const stopExpected = async (s: RunningService, signal: NodeJS.Signals) => {
      (s as { expectedExit?: boolean }).expectedExit = true;
      await s.stop(signal);
    };
    const restart = async (name: ServiceName) => {
      const next = await startService(name, pipeline.env, {
        timeoutMs: 120_000,
        output: (line) => quiet(`[${name}] ${line}`),
      });
      pipeline.services[serviceIndex(name)] = next;
      watch(next);
    };

    // The steady stream, in the background while faults are injected.
    const publisher = new EventPublisher(kafka, prefix);
    let sent = 0;
    const streaming = (async () => {
      const perTick = Math.max(1, Math.round(RATE_PER_SECOND / 4));
      while (sent < input.articles.length) {
        const chunk = input.articles.slice(sent, sent + perTick);
        await publisher.publish(
          Topics.articleRaw,
          chunk.map((value) => ({ key: value.articleId, value })),
        );
        sent += chunk.length;
        await sleep(250);
      }
    })();
    const inFlight = async (topic: TopicContract, group: string) =>
      waitFor(
        `work in flight for ${group}`,
        async () =>
          (await consumerLagOf(kafka, groupId(group, prefix), topicName(topic, prefix))) > 0
            ? true
            : undefined,
        30_000,
        20,
      );

    try {
      await sleep(3000);

      // kill -9 of every service; the consumers while they hold uncommitted work.
      await inFlight(Topics.articleRaw, ConsumerGroups.deduplicator);
      const victims = [...pipeline.services];
      await Promise.all(victims.map((s) => stopExpected(s, 'SIGKILL')));
      faults.push(...victims.map((s) => `kill -9 ${s.name} (sent ${sent})`));
      for (const s of victims) await restart(s.name);

      await sleep(2000);
      stack.restartKafka();
      faults.push(`Kafka broker restart (sent ${sent})`);
      await sleep(3000);

      await inFlight(Topics.articleEnriched, ConsumerGroups.projector).catch(() => undefined);
      stack.restartPostgres();
      faults.push(`Postgres restart (sent ${sent})`);
      await sleep(3000);

      // A second instance of the deduplicator and the projector joins, then leaves.
      for (const name of ['deduplicator', 'projector'] as const) {
        const env = { ...pipeline.env, [PORT_VARIABLE[name]]: String(await freePort()) };
        const second = await startService(name, env, {
          timeoutMs: 120_000,
          output: (line) => quiet(`[${name}#2] ${line}`),
        });
        watch(second);
        extra.push(second);
      }
      faults.push(`second deduplicator and projector joined (sent ${sent})`);
      await sleep(8000);
      for (const s of extra.splice(0)) await stopExpected(s, 'SIGTERM');
      faults.push(`second deduplicator and projector left (sent ${sent})`);

      // Replay: the deduplicator's group goes back to the start of the raw topic.
      const dedup = pipeline.services[serviceIndex('deduplicator')]!;
      await stopExpected(dedup, 'SIGTERM');
      const admin = kafka.admin();
      await admin.connect();
      await admin.resetOffsets({
        groupId: groupId(ConsumerGroups.deduplicator, prefix),
        topic: topicName(Topics.articleRaw, prefix),
        earliest: true,
      });
      await admin.disconnect();
      await restart('deduplicator');
      faults.push(`deduplicator group reset to earliest and replayed (sent ${sent})`);

      await streaming;
    } finally {
      await publisher.disconnect().catch(() => undefined);
      for (const s of extra) await stopExpected(s, 'SIGTERM');
    }
    await settle(kafka, prefix);

    // Poison last, so no later fault can dead-letter one twice.
    const poison = await injectPoison(kafka, prefix);
    faults.push(`poison: ${poison.length} messages on ${PipelineStages.length} topics`);
    await settle(kafka, prefix);
    const letters = await readDeadLetters(kafka, prefix, poison.length);

    const found = await tableChecksums(databaseUrl, PROJECTED_TABLES, ORDER_COLUMNS);
    const { rows, stories, mentions } = await articleRows(databaseUrl);
    // Taken before the pipeline's own stop, whose exits are expected.
    const died = [...unexpectedExits];
    await pipeline.stop();

    const expected = new Map(
      input.articles.map((a) => [a.articleId, input.copies.get(a.articleId) ?? null]),
    );
    const expectedStories = new Set(input.stories.values()).size;
    const foundIds = new Set(rows.map((r) => r.id));
    const lost = [...expected.keys()].filter((id) => !foundIds.has(id));
    const unexpected = rows.filter((r) => !expected.has(r.id));
    const wrongVerdicts = rows.filter((r) => {
      const owner = expected.get(r.id);
      return owner === undefined
        ? false
        : r.duplicate_kind !== (owner ? 'exact' : 'unique') ||
            r.duplicate_of_id !== owner ||
            r.story_id !== input.stories.get(r.id);
    });
    const duplicates = rows.length - foundIds.size;
    report.push(
      `faults injected (${faults.length}):\n  ${faults.join('\n  ')}`,
      `messages sent: ${sent} articles (${input.copies.size} exact copies) + ${poison.length} poison`,
      `rows expected: articles ${ARTICLES}, copies ${input.copies.size}, stories ${expectedStories}, mentions ${cleanMentions}`,
      `rows found:    articles ${rows.length}, copies ${rows.filter((r) => r.duplicate_kind === 'exact').length}, stories ${stories}, mentions ${mentions}`,
      `duplicates: ${duplicates}, lost: ${lost.length}, unexpected: ${unexpected.length}, wrong verdicts: ${wrongVerdicts.length}`,
      `checksums equal to the clean run: ${JSON.stringify(found) === JSON.stringify(clean)}`,
      `dead letters: ${letters.length} (expected ${poison.length}), reasons ${[...new Set(letters.map((l) => l.reason))].join(',')}`,
      `services that died unexpectedly: ${died.length ? died.join(', ') : 'none'}`,
    );

    expect(died).toEqual([]);
    expect(mentions).toBe(cleanMentions);
    expect(lost).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(duplicates).toBe(0);
    expect(
      wrongVerdicts.slice(0, 10).map((r) => ({
        ...r,
        expectedStory: input.stories.get(r.id),
        expectedCopyOf: expected.get(r.id),
      })),
    ).toEqual([]);
    expect(stories).toBe(expectedStories);
    expect(found).toEqual(clean);
    const key = (x: { sourceTopic: string; partition: number; offset: string }) =>
      `${x.sourceTopic}/${x.partition}/${x.offset}`;
    expect(letters.map(key).sort()).toEqual(poison.map(key).sort());
    for (const letter of letters) {
      const sentPoison = poison.find((p) => key(p) === key(letter))!;
      expect(letter.reason).toBe('contract-violation');
      expect(Buffer.from(letter.valueBase64 ?? '', 'base64').equals(sentPoison.value)).toBe(true);
    }
  }, 420_000);
});

interface Poison {
  sourceTopic: string;
  partition: number;
  offset: string;
  value: Buffer;
}

/** Invalid JSON, a schema-invalid value and a 1.5 MB message on every consumed topic. */
async function injectPoison(kafka: Kafka, prefix: string): Promise<Poison[]> {
  const topics = PipelineStages.map((s) => s.topic);
  const admin = kafka.admin();
  await admin.connect();
  // The broker's default limit is 1 MB; these topics (and the dead-letter topic
  // that keeps a copy of the bytes) are raised so the oversized message gets in.
  await admin.alterConfigs({
    validateOnly: false,
    resources: [...topics, Topics.deadLetter].map((t) => ({
      type: ConfigResourceTypes.TOPIC,
      name: topicName(t, prefix),
      configEntries: [{ name: 'max.message.bytes', value: String(8 * 2 ** 20) }],
    })),
  });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const out: Poison[] = [];
  try {
    for (const t of topics) {
      const topic = topicName(t, prefix);
      const values = [
        Buffer.from('{"schemaVersion": 1, "articleId": '),
        Buffer.from(JSON.stringify({ schemaVersion: 1, title: 'no id', body: 42 })),
        Buffer.alloc(1_500_000, 'x'),
      ];
      for (const [i, value] of values.entries()) {
        const [meta] = await producer.send({
          topic,
          acks: -1,
          messages: [{ key: 'f'.repeat(31) + String(i), value }],
        });
        out.push({
          sourceTopic: topic,
          partition: meta!.partition,
          offset: meta!.baseOffset!,
          value,
        });
      }
    }
  } finally {
    await producer.disconnect();
  }
  return out;
}

/** Everything on the dead-letter topic, once it has held `expected` for a while. */
async function readDeadLetters(
  kafka: Kafka,
  prefix: string,
  expected: number,
): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `${prefix}faults-dlq-reader-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: topicName(Topics.deadLetter, prefix), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void letters.push(JSON.parse(message.value!.toString())),
  });
  try {
    await waitFor(
      'the dead letters',
      () => (letters.length >= expected ? true : undefined),
      60_000,
    );
    // Anything more (a poison message dead-lettered twice) would arrive right behind.
    await sleep(3000);
  } finally {
    await consumer.disconnect();
  }
  return letters;
}
