import { Topics, type RawArticle } from '@newsgraph/contracts';
import type { Kafka, Message, Producer } from 'kafkajs';
import { chunks, EventPublisher, KafkaPublishError, MAX_SEND_BYTES } from './publisher';
import { isTransientError } from './retry';

/** A stand-in for kafkajs: producers whose sends follow a script, one per producer. */
function fakeKafka(
  script: (producerNo: number, sendNo: number, messages: Message[]) => Promise<void>,
) {
  const state = {
    producers: 0,
    inFlight: 0,
    maxInFlight: 0,
    sends: [] as number[],
    sizes: [] as number[],
  };
  const kafka = {
    producer: () => {
      const no = state.producers++;
      let sendNo = 0;
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        send: async ({ messages }: { messages: Message[] }) => {
          state.inFlight++;
          state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
          state.sends.push(no);
          state.sizes.push(messages.length);
          try {
            await new Promise((r) => setTimeout(r, 2));
            await script(no, sendNo++, messages);
          } finally {
            state.inFlight--;
          }
        },
      } as unknown as Producer;
    },
  } as unknown as Kafka;
  return { kafka, state };
}

const article: RawArticle = {
  schemaVersion: 1,
  articleId: 'a'.repeat(32),
  source: { id: 's', name: 'S', url: null },
  externalId: 'item-1',
  url: null,
  title: 'T',
  body: 'B',
  language: 'en',
  publishedAt: null,
  ingestedAt: '2026-01-01T00:00:00.000Z',
  contentHash: 'c'.repeat(64),
  byline: null,
};
const one = [{ key: article.articleId, value: article }];
const protocolError = (type: string) => Object.assign(new Error(type), { type });

describe('EventPublisher', () => {
  it('never has two sends in flight on its idempotent producer', async () => {
    const { kafka, state } = fakeKafka(async () => undefined);
    const publisher = new EventPublisher(kafka, 'p.');
    await Promise.all(Array.from({ length: 5 }, () => publisher.publish(Topics.articleRaw, one)));
    expect(state.sends).toHaveLength(5);
    expect(state.maxInFlight).toBe(1);
  });

  it('replaces a producer that lost its sequence, and the retry goes through', async () => {
    const { kafka, state } = fakeKafka(async (producer) => {
      if (producer === 0) throw protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER');
    });
    const publisher = new EventPublisher(kafka, 'p.');
    const failure = await publisher.publish(Topics.articleRaw, one).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KafkaPublishError);
    expect(isTransientError(failure)).toBe(true);
    await publisher.publish(Topics.articleRaw, one);
    expect(state.sends).toEqual([0, 1]);
  });

  it("passes on a refusal that is the message's own fault, which is not retried", async () => {
    const { kafka } = fakeKafka(async () => {
      throw protocolError('MESSAGE_TOO_LARGE');
    });
    const failure = await new EventPublisher(kafka, 'p.')
      .publish(Topics.articleRaw, one)
      .catch((e: unknown) => e);
    expect((failure as { type?: string }).type).toBe('MESSAGE_TOO_LARGE');
    expect(isTransientError(failure)).toBe(false);
  });

  it('cuts a large publish into sends under the broker limit, in order', async () => {
    const { kafka, state } = fakeKafka(async () => undefined);
    const big = Array.from({ length: 300 }, (_, i) => ({
      key: i.toString(16).padStart(32, '0'),
      value: { ...article, articleId: i.toString(16).padStart(32, '0'), body: 'w '.repeat(2000) },
    }));
    await new EventPublisher(kafka, 'p.').publish(Topics.articleRaw, big);
    expect(state.sizes.length).toBeGreaterThan(1);
    expect(state.sizes.reduce((a, b) => a + b, 0)).toBe(300);
    const parts = chunks(big.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })));
    expect(parts.flat().map((m) => m.key)).toEqual(big.map((m) => m.key));
    for (const part of parts) {
      expect(
        part.reduce((n, m) => n + Buffer.byteLength(m.value as string), 0),
      ).toBeLessThanOrEqual(MAX_SEND_BYTES);
    }
  });

  it('halves a send the broker still finds too large', async () => {
    const { kafka, state } = fakeKafka(async (_p, _s, messages) => {
      if (messages.length > 2) throw protocolError('MESSAGE_TOO_LARGE');
    });
    const few = Array.from({ length: 5 }, (_, i) => ({
      key: `${i}`.padStart(32, '0'),
      value: { ...article, articleId: `${i}`.padStart(32, '0') },
    }));
    await new EventPublisher(kafka, 'p.').publish(Topics.articleRaw, few);
    expect(state.sizes).toEqual([5, 3, 2, 1, 2]);
  });
});
