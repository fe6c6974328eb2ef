import {
  encodeKey,
  encodeValue,
  topicName,
  type TopicContract,
  type TopicValue,
} from '@newsgraph/contracts';
import {
  endSpan,
  producerMetrics,
  traceOutgoing,
  type ProducerMetrics,
  type Span,
} from '@newsgraph/observability';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';

/**
 * The producer lost its place with the broker (its sequence numbers or id no
 * longer match): only a new producer id recovers, so the producer is replaced.
 */
const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/** Refusals that are the message's own fault: retrying cannot help. */
const MESSAGE_FAULTS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
]);

/**
 * A send the broker did not take for reasons of its own or of the producer's
 * (not of the message): the consumer holds the batch and retries it instead of
 * dead-lettering messages that are fine (see isTransientError).
 */
export class KafkaPublishError extends Error {
  override readonly name = 'KafkaPublishError';
  constructor(topic: string, cause: unknown) {
    super(`publishing to ${topic} failed: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
  }
}

const errorType = (error: unknown) => (error as { type?: unknown })?.type;

/**
 * Bytes per produce request. A send is one record batch per partition, and the
 * broker refuses a batch over its message.max.bytes (1 MiB by default): 250
 * news articles for one partition were enough. Sends are cut well below it.
 */
export const MAX_SEND_BYTES = 512 * 1024;

function messageBytes(m: Message): number {
  let bytes = 64 + (m.key ? Buffer.byteLength(m.key as string | Buffer) : 0);
  bytes += m.value ? Buffer.byteLength(m.value as string | Buffer) : 0;
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    bytes += k.length + (typeof v === 'string' || Buffer.isBuffer(v) ? Buffer.byteLength(v) : 0);
  }
  return bytes;
}

/** Consecutive runs of messages of at most MAX_SEND_BYTES (a bigger one alone). */
export function chunks(messages: Message[], limit = MAX_SEND_BYTES): Message[][] {
  const out: Message[][] = [];
  let current: Message[] = [];
  let size = 0;
  for (const m of messages) {
    const bytes = messageBytes(m);
    if (current.length > 0 && size + bytes > limit) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(m);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export interface OutgoingMessage<T extends TopicContract> {
  key: string;
  value: TopicValue<T>;
  headers?: Record<string, string>;
}

/**
 * Idempotent producer: the broker drops the duplicates that producer retries would
 * otherwise write. Every value is validated against its topic contract first.
 * Each message gets a `traceparent` header (unless the caller set one) that
 * continues the trace of the consumed message with the same key, if any, else
 * starts from a send span of its own.
 */
export class EventPublisher {
  private producer: Producer;
  private readonly metrics = new Map<string, ProducerMetrics>();
  private connected = false;
  /**
   * Sends go out one at a time: concurrent sends on one idempotent kafkajs
   * producer (two consumers of a service publishing at once) can reach the broker
   * with their sequence numbers out of order, which wedged the producer for good.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
  ) {
    this.producer = this.createProducer();
  }

  private createProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2 on the key, as the Java client does: same key, same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Idempotence needs unbounded retries; the delay between them is capped.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
    });
  }

  /** A new producer (new producer id, sequences from zero); the old one is dropped. */
  private async replaceProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.createProducer();
    this.connected = false;
    await old.disconnect().catch(() => undefined);
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async publish<T extends TopicContract>(
    contract: T,
    messages: OutgoingMessage<T>[],
  ): Promise<void> {
    if (messages.length === 0) return;
    const topic = topicName(contract, this.topicPrefix);
    // Encoded first: a contract violation throws before any span is started.
    const encoded: Message[] = messages.map((m) => ({
      key: encodeKey(contract, m.key),
      value: encodeValue(contract, m.value),
    }));
    const spans: Span[] = [];
    messages.forEach((m, i) => {
      const headers: Record<string, string> = { ...m.headers };
      // A caller's own trace context wins; the contract's headers pass through as given.
      if (headers.traceparent === undefined) {
        const span = traceOutgoing(topic, m.key, headers);
        if (span) spans.push(span);
      }
      encoded[i]!.headers = headers;
    });
    const metrics = this.metricsOf(topic);
    const send = this.queue.then(async () => {
      await this.connect();
      for (const chunk of chunks(encoded)) await this.sendChunk(topic, chunk);
    });
    this.queue = send.catch(() => undefined);
    try {
      await send;
    } catch (error) {
      metrics.errors.inc(messages.length);
      for (const span of spans) endSpan(span, error);
      if (MESSAGE_FAULTS.has(errorType(error) as string)) throw error;
      if (PRODUCER_STATE_ERRORS.has(errorType(error) as string)) {
        this.queue = this.queue.then(() => this.replaceProducer());
      }
      throw new KafkaPublishError(topic, error);
    }
    metrics.produced.inc(messages.length);
    for (const span of spans) endSpan(span);
  }

  /**
   * A chunk the broker finds too large is halved until it fits; only a message
   * too large on its own is refused as the message's fault.
   */
  private async sendChunk(topic: string, messages: Message[]): Promise<void> {
    try {
      await this.producer.send({ topic, acks: -1, messages });
    } catch (error) {
      if (errorType(error) !== 'MESSAGE_TOO_LARGE' || messages.length === 1) throw error;
      const half = Math.ceil(messages.length / 2);
      await this.sendChunk(topic, messages.slice(0, half));
      await this.sendChunk(topic, messages.slice(half));
    }
  }

  private metricsOf(topic: string): ProducerMetrics {
    let metrics = this.metrics.get(topic);
    if (!metrics) {
      metrics = producerMetrics(topic);
      this.metrics.set(topic, metrics);
    }
    return metrics;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
