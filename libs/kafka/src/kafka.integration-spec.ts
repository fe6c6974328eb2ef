import { defineTopic, topicName, Topics, type DeadLetter } from '@newsgraph/contracts';
import { waitFor } from '@newsgraph/devstack';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { BatchConsumer, consumerLagOf, createKafka, ensureTopics, EventPublisher } from './index';

// A topic of its own per test, under this run's prefix, so tests never share messages.
const Numbers = defineTopic({
  name: 'test.numbers',
  version: 1,
  partitions: 2,
  keyDescription: 'the number as text',
  key: z.string(),
  value: z.object({ n: z.number().int() }),
});

const brokers = () => process.env.KAFKA_BROKERS!.split(',');
let kafka: Kafka;
let testNo = 0;

interface Harness {
  prefix: string;
  publisher: EventPublisher;
  consumers: BatchConsumer<typeof Numbers>[];
  readDeadLetters: (expected: number) => Promise<DeadLetter[]>;
}

async function harness(): Promise<Harness> {
  const prefix = `${process.env.TOPIC_PREFIX}k${++testNo}.`;
  await ensureTopics(kafka, prefix, [Numbers, Topics.deadLetter]);
  const publisher = new EventPublisher(kafka, prefix);
  const readDeadLetters = async (expected: number) => {
    const found: DeadLetter[] = [];
    const consumer = kafka.consumer({ groupId: `${prefix}dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: topicName(Topics.deadLetter, prefix), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        found.push(JSON.parse(message.value!.toString()) as DeadLetter);
      },
    });
    await waitFor(`${expected} dead letters`, () => (found.length >= expected ? true : undefined));
    await consumer.disconnect();
    return found;
  };
  return { prefix, publisher, consumers: [], readDeadLetters };
}

function consumer(
  h: Harness,
  group: string,
  handler: (values: number[]) => Promise<void>,
): BatchConsumer<typeof Numbers> {
  const c = new BatchConsumer(kafka, {
    groupId: `${h.prefix}${group}`,
    contract: Numbers,
    topicPrefix: h.prefix,
    deadLetters: h.publisher,
    retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 50 },
    handler: (messages) => handler(messages.map((m) => m.value.n)),
  });
  h.consumers.push(c);
  return c;
}

const publishNumbers = (h: Harness, numbers: number[]) =>
  h.publisher.publish(
    Numbers,
    numbers.map((n) => ({ key: String(n), value: { n } })),
  );

describe('kafka lib against the real broker', () => {
  let h: Harness;
  beforeAll(() => {
    kafka = createKafka({ brokers: brokers(), clientId: 'kafka-integration-spec' });
  });
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    for (const c of h.consumers) await c.stop();
    await h.publisher.disconnect();
  });

  it('consumes everything published and commits it', async () => {
    const seen: number[] = [];
    await consumer(h, 'g', async (values) => void seen.push(...values)).start();
    await publishNumbers(h, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await waitFor('all ten', () => (seen.length >= 10 ? true : undefined));
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await waitFor('commits', async () =>
      (await consumerLagOf(kafka, `${h.prefix}g`, topicName(Numbers, h.prefix))) === 0
        ? true
        : undefined,
    );
  });

  it('retries a failing message, then dead-letters it with the reason and moves on', async () => {
    const seen: number[] = [];
    const failures = new Map<number, number>();
    await consumer(h, 'g', async (values) => {
      for (const n of values) {
        const count = (failures.get(n) ?? 0) + 1;
        if (n === 3) {
          failures.set(n, count);
          throw new Error('three is poison');
        }
        if (n === 5 && count === 1) {
          failures.set(n, count);
          throw new Error('five fails once');
        }
      }
      seen.push(...values);
    }).start();
    await publishNumbers(h, [1, 2, 3, 4, 5, 6]);
    const letters = await h.readDeadLetters(1);
    await waitFor('the good ones', () => (new Set(seen).size >= 5 ? true : undefined));
    expect([...new Set(seen)].sort()).toEqual([1, 2, 4, 5, 6]);
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.reason).toBe('processing-failed');
    expect(letter.error.message).toBe('three is poison');
    expect(letter.attempts).toBe(3);
    expect(letter.sourceTopic).toBe(topicName(Numbers, h.prefix));
    expect(JSON.parse(Buffer.from(letter.valueBase64!, 'base64').toString())).toEqual({ n: 3 });
    expect(failures.get(3)).toBeGreaterThanOrEqual(3);
  });

  it('dead-letters messages that break the contract and goes on', async () => {
    const seen: number[] = [];
    await consumer(h, 'g', async (values) => void seen.push(...values)).start();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicName(Numbers, h.prefix),
      messages: [
        { key: 'x', value: '{not json', partition: 0 },
        { key: 'y', value: JSON.stringify({ n: 'seven' }), partition: 0 },
        { key: '8', value: JSON.stringify({ n: 8 }), partition: 0 },
      ],
    });
    await producer.disconnect();
    const letters = await h.readDeadLetters(2);
    await waitFor('the valid one', () => (seen.includes(8) ? true : undefined));
    expect(letters.map((l) => l.reason)).toEqual(['contract-violation', 'contract-violation']);
    expect(letters.map((l) => l.error.message).sort()).toEqual([
      expect.stringContaining('invalid JSON'),
      expect.stringContaining('n: Invalid input: expected number'),
    ]);
    expect(letters.map((l) => Buffer.from(l.valueBase64!, 'base64').toString()).sort()).toEqual([
      '{"n":"seven"}',
      '{not json',
    ]);
  });

  it('resumes from the committed offset after a restart', async () => {
    const first: number[] = [];
    const a = consumer(h, 'g', async (values) => void first.push(...values));
    await a.start();
    await publishNumbers(h, [1, 2, 3, 4, 5]);
    await waitFor('first five', () => (first.length >= 5 ? true : undefined));
    await a.stop();

    await publishNumbers(h, [6, 7, 8]);
    const second: number[] = [];
    await consumer(h, 'g', async (values) => void second.push(...values)).start();
    await waitFor('the three new ones', () => (second.length >= 3 ? true : undefined));
    // Give a wrongly rewound consumer the chance to show itself.
    await new Promise((r) => setTimeout(r, 500));
    expect([...second].sort()).toEqual([6, 7, 8]);
  });
});
