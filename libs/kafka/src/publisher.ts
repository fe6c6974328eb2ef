import {
  encodeKey,
  encodeValue,
  topicName,
  type TopicContract,
  type TopicValue,
} from '@newsgraph/contracts';
import { Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';

export interface OutgoingMessage<T extends TopicContract> {
  key: string;
  value: TopicValue<T>;
  headers?: Record<string, string>;
}

/**
 * Idempotent producer: the broker drops the duplicates that producer retries would
 * otherwise write. Every value is validated against its topic contract first.
 */
export class EventPublisher {
  private readonly producer: Producer;
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
    await this.producer.send({
      topic: topicName(contract, this.topicPrefix),
      acks: -1,
      messages: messages.map((m) => ({
        key: encodeKey(contract, m.key),
        value: encodeValue(contract, m.value),
        headers: m.headers as IHeaders | undefined,
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}
