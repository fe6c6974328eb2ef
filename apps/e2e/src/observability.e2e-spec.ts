import { join } from 'node:path';
import {
  ConsumerGroups,
  groupId,
  topicName,
  Topics,
  type TopicContract,
} from '@newsgraph/contracts';
import {
  PORT_VARIABLE,
  repoRoot,
  startPipeline,
  waitFor,
  type ServiceName,
  type TestPipeline,
} from '@newsgraph/devstack';
import { traceIdOf } from '@newsgraph/observability';
import { importAndSettle, kafkaOf, settle } from './support';

const seedFolder = join(repoRoot(), 'data', 'sample-feed');
const PUSH_KEY = 'observability-push-key-0123';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (what any scraper reads) into samples. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

describe('observability of the running pipeline', () => {
  let pipeline: TestPipeline;
  const projectorLog: Record<string, unknown>[] = [];
  const prefix = () => pipeline.env.TOPIC_PREFIX!;
  const topic = (t: TopicContract) => topicName(t, prefix());
  const group = (g: string) => groupId(g, prefix());
  const url = (service: ServiceName, path: string) =>
    `http://127.0.0.1:${pipeline.env[PORT_VARIABLE[service]]}${path}`;

  async function scrape(service: ServiceName): Promise<Sample[]> {
    const res = await fetch(url(service, '/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parseExposition(await res.text());
  }

  /** The value of the one series of `name` whose labels include `labels` (0 when absent). */
  async function metric(
    service: ServiceName,
    name: string,
    labels: Record<string, string> = {},
  ): Promise<number> {
    const found = (await scrape(service)).filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
    if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} is ambiguous`);
    return found[0]?.value ?? 0;
  }

  /** key -> traceparent header of every message on a topic. */
  async function traceparents(t: TopicContract, expected: number): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    const consumer = kafkaOf(pipeline).consumer({
      groupId: `${prefix()}reader-${t.name}-${Date.now()}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: topic(t), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void seen.set(message.key!.toString(), String(message.headers?.traceparent ?? '')),
    });
    try {
      await waitFor(`${expected} messages on ${t.name}`, () =>
        seen.size >= expected ? true : undefined,
      );
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  beforeAll(async () => {
    pipeline = await startPipeline('observability', {
      INGEST_API_KEYS: `e2e:${PUSH_KEY}`,
      // The projector writes a debug line per batch it stores.
      LOG_LEVEL: 'debug',
    });
    const projector = pipeline.services.find((s) => s.name === 'projector')!;
    let pending = '';
    projector.child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('{')) projectorLog.push(JSON.parse(line) as Record<string, unknown>);
      }
    });

    // Five seeds through the CLI, two through the ingester's push API.
    const stdout = await importAndSettle(pipeline, seedFolder);
    expect(stdout).toContain('imported 5 article(s)');
    const push = await fetch(url('ingester', '/v1/articles'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': PUSH_KEY },
      body: JSON.stringify([
        { id: 'obs-1', title: 'Pushed one', body: 'Angela Merkel met Emmanuel Macron in Paris.' },
        { id: 'obs-2', title: 'Pushed two', body: 'Vladimir Putin spoke about Syria.' },
      ]),
    });
    expect(push.status).toBe(202);
    await settle(pipeline);
  }, 180_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('counts every article at every stage', async () => {
    const raw = { topic: topic(Topics.articleRaw), group: group(ConsumerGroups.deduplicator) };
    const deduped = {
      topic: topic(Topics.articleDeduped),
      group: group(ConsumerGroups.entityLinker),
    };
    const enriched = {
      topic: topic(Topics.articleEnriched),
      group: group(ConsumerGroups.projector),
    };

    expect(
      await metric('ingester', 'newsgraph_kafka_messages_produced_total', { topic: raw.topic }),
    ).toBe(2);
    expect(await metric('deduplicator', 'newsgraph_kafka_messages_consumed_total', raw)).toBe(7);
    expect(await metric('deduplicator', 'newsgraph_kafka_messages_processed_total', raw)).toBe(7);
    expect(
      await metric('deduplicator', 'newsgraph_kafka_messages_produced_total', {
        topic: deduped.topic,
      }),
    ).toBe(7);
    expect(await metric('entity-linker', 'newsgraph_kafka_messages_processed_total', deduped)).toBe(
      7,
    );
    expect(
      await metric('entity-linker', 'newsgraph_kafka_messages_produced_total', {
        topic: enriched.topic,
      }),
    ).toBe(7);
    expect(await metric('projector', 'newsgraph_kafka_messages_processed_total', enriched)).toBe(7);
    expect(
      await metric('projector', 'newsgraph_kafka_message_duration_seconds_count', enriched),
    ).toBe(7);
    expect(
      await metric('projector', 'newsgraph_kafka_batch_duration_seconds_count', enriched),
    ).toBeGreaterThanOrEqual(1);
    // Every article's age was measured, and none of them is older than this test.
    expect(
      await metric('projector', 'newsgraph_pipeline_message_age_seconds_count', enriched),
    ).toBe(7);
    expect(
      await metric('projector', 'newsgraph_pipeline_message_age_seconds_bucket', {
        ...enriched,
        le: '300',
      }),
    ).toBe(7);
    expect(await metric('projector', 'newsgraph_kafka_dead_lettered_total', enriched)).toBe(0);

    // Lag is sampled every few seconds; once settled, every partition shows 0.
    await waitFor('lag samples of the six partitions', async () => {
      const lags = (await scrape('projector')).filter(
        (s) => s.name === 'newsgraph_kafka_consumer_lag' && s.labels.topic === enriched.topic,
      );
      return lags.length === 6 && lags.every((s) => s.value === 0) ? true : undefined;
    });

    // Process metrics, labelled with the service, on every service (the api too).
    for (const service of [
      'ingester',
      'deduplicator',
      'entity-linker',
      'projector',
      'api',
    ] as const)
      expect(await metric(service, 'process_cpu_user_seconds_total', { service })).toBeGreaterThan(
        0,
      );
  });

  it('counts a poison message as dead-lettered, with its reason', async () => {
    const raw = { topic: topic(Topics.articleRaw), group: group(ConsumerGroups.deduplicator) };
    const before = await metric('deduplicator', 'newsgraph_kafka_dead_lettered_total', {
      ...raw,
      reason: 'contract-violation',
    });
    const producer = kafkaOf(pipeline).producer();
    await producer.connect();
    await producer.send({ topic: raw.topic, messages: [{ key: 'poison', value: '{not json' }] });
    await producer.disconnect();
    await settle(pipeline);

    expect(
      await metric('deduplicator', 'newsgraph_kafka_dead_lettered_total', {
        ...raw,
        reason: 'contract-violation',
      }),
    ).toBe(before + 1);
    expect(await metric('deduplicator', 'newsgraph_kafka_messages_consumed_total', raw)).toBe(8);
    expect(await metric('deduplicator', 'newsgraph_kafka_messages_processed_total', raw)).toBe(7);
    expect(
      await metric('deduplicator', 'newsgraph_kafka_messages_produced_total', {
        topic: topic(Topics.deadLetter),
      }),
    ).toBe(1);
  });

  it("continues each article's trace from the ingester's publish to the projector", async () => {
    const [raw, deduped, enriched] = await Promise.all([
      // The seven articles and the poison message of the test before.
      traceparents(Topics.articleRaw, 8),
      traceparents(Topics.articleDeduped, 7),
      traceparents(Topics.articleEnriched, 7),
    ]);
    const articleIds = [...raw.keys()].filter((k) => k !== 'poison');
    expect(articleIds).toHaveLength(7);

    for (const id of articleIds) {
      const traceId = traceIdOf(raw.get(id));
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(traceIdOf(deduped.get(id))).toBe(traceId);
      expect(traceIdOf(enriched.get(id))).toBe(traceId);
      // Each hop is a span of its own within that trace.
      expect(new Set([raw.get(id), deduped.get(id), enriched.get(id)]).size).toBe(3);

      // The projector's line about storing the article names it with that trace.
      const line = projectorLog.find((l) => {
        if (typeof l.message !== 'string' || !l.message.startsWith('processed ')) return false;
        if (l.articleId === id) return l.traceId === traceId;
        const ids = (l.articleIds ?? []) as string[];
        const i = ids.indexOf(id);
        return i >= 0 && (l.traceIds as string[])[i] === traceId;
      });
      expect(line).toBeDefined();
    }
  });

  it('is ready only with its consumers running and its database answering', async () => {
    const ready = async (service: ServiceName) => {
      const res = await fetch(url(service, '/health/ready'));
      return { status: res.status, body: (await res.json()) as { checks: unknown } };
    };
    expect(await ready('projector')).toEqual({
      status: 200,
      body: { status: 'ready', checks: { kafka: 'ok', database: 'ok' } },
    });
    expect((await ready('entity-linker')).body.checks).toEqual({ kafka: 'ok' });
    expect((await ready('api')).body.checks).toEqual({ database: 'ok' });
    expect((await ready('ingester')).body.checks).toEqual({ database: 'ok' });
  });
});
