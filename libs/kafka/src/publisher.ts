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
  private readonly producer: Producer;
  private readonly metrics = new Map<string, ProducerMetrics>();
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly topicPrefix: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Murmur2 on the key, as the Java client does: same key, same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Idempotence needs unbounded retries; the delay between them is capped.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
    });
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
    await this.connect();
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
    try {
      await this.producer.send({ topic, acks: -1, messages: encoded });
    } catch (error) {
      metrics.errors.inc(messages.length);
      for (const span of spans) endSpan(span, error);
      throw error;
    }
    metrics.produced.inc(messages.length);
    for (const span of spans) endSpan(span);
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
