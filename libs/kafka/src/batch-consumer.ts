import { Logger } from '@nestjs/common';
import {
  ContractViolation,
  decodeValue,
  topicName,
  Topics,
  type DeadLetter,
  type TopicContract,
  type TopicValue,
} from '@newsgraph/contracts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { EventPublisher } from './publisher';
import {
  backoffDelay,
  defaultRetryPolicy,
  isTransientError,
  sleep,
  type RetryPolicy,
} from './retry';

export interface ConsumedMessage<V> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: V;
  headers: Record<string, string>;
  timestamp: string;
}

export type BatchHandler<V> = (messages: ConsumedMessage<V>[]) => Promise<void>;

export interface BatchConsumerOptions<T extends TopicContract> {
  groupId: string;
  contract: T;
  handler: BatchHandler<TopicValue<T>>;
  topicPrefix: string;
  /** Dead letters are published here; the publisher's prefix must match. */
  deadLetters: EventPublisher;
  retry?: RetryPolicy;
  /** Largest group of messages handed to the handler at once. */
  maxBatchSize?: number;
  fromBeginning?: boolean;
  isTransient?: (error: unknown) => boolean;
}

export interface ConsumerStats {
  processed: number;
  deadLettered: number;
  retries: number;
}

function headersOf(message: KafkaMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : v.toString();
  }
  return out;
}

const nextOffset = (offset: string) => (BigInt(offset) + 1n).toString();

/**
 * Consumes one topic in batches with manual commits (at-least-once):
 *  - messages that fail their contract are dead-lettered at once with the reason;
 *  - the handler gets valid messages in groups; a failing group is retried with
 *    backoff, then split so one poison message cannot hold back the others,
 *    and a message that still fails is dead-lettered with the error;
 *  - errors of an absent dependency (database or broker down) are never
 *    dead-lettered: the batch is left uncommitted and retried until it is back;
 *  - offsets are committed only after the handler (or the dead-letter topic) has
 *    taken every message before them.
 */
export class BatchConsumer<T extends TopicContract> {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private readonly retry: RetryPolicy;
  private readonly isTransient: (error: unknown) => boolean;
  readonly stats: ConsumerStats = { processed: 0, deadLettered: 0, retries: 0 };
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions<T>,
  ) {
    this.logger = new Logger(`consumer:${options.groupId}`);
    this.retry = options.retry ?? defaultRetryPolicy;
    this.isTransient = options.isTransient ?? isTransientError;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 10 },
    });
  }

  get topic(): string {
    return topicName(this.options.contract, this.options.topicPrefix);
  }

  async start(): Promise<void> {
    await this.options.deadLetters.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: this.topic,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Finishes the batch in progress, commits, and leaves the group. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    const maxBatch = this.options.maxBatchSize ?? 500;
    let group: { message: KafkaMessage; consumed: ConsumedMessage<TopicValue<T>> }[] = [];

    const flush = async () => {
      if (group.length === 0) return;
      await this.handleGroup(batch.topic, batch.partition, group, heartbeat);
      const last = group[group.length - 1]!.message.offset;
      group = [];
      await this.commit(batch.topic, batch.partition, last, resolveOffset);
    };

    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      let value: TopicValue<T>;
      try {
        value = decodeValue(this.options.contract, message.value);
      } catch (error) {
        if (!(error instanceof ContractViolation)) throw error;
        // Keep order: what came before is handled before the offset moves past it.
        await flush();
        await this.deadLetter(
          batch.topic,
          batch.partition,
          message,
          'contract-violation',
          error,
          0,
        );
        await this.commit(batch.topic, batch.partition, message.offset, resolveOffset);
        continue;
      }
      group.push({
        message,
        consumed: {
          topic: batch.topic,
          partition: batch.partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value,
          headers: headersOf(message),
          timestamp: message.timestamp,
        },
      });
      if (group.length >= maxBatch) await flush();
    }
    if (isRunning() && !isStale()) await flush();
  }

  private async commit(
    topic: string,
    partition: number,
    offset: string,
    resolveOffset: (offset: string) => void,
  ): Promise<void> {
    resolveOffset(offset);
    await this.consumer.commitOffsets([{ topic, partition, offset: nextOffset(offset) }]);
  }

  private async handleGroup(
    topic: string,
    partition: number,
    items: { message: KafkaMessage; consumed: ConsumedMessage<TopicValue<T>> }[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const error = await this.tryWithRetries(
      items.map((i) => i.consumed),
      heartbeat,
    );
    if (error === undefined) {
      this.stats.processed += items.length;
      return;
    }
    if (items.length > 1) {
      // Isolate the poison: handle one by one, so the good ones still go through.
      for (const item of items) await this.handleGroup(topic, partition, [item], heartbeat);
      return;
    }
    await this.deadLetter(
      topic,
      partition,
      items[0]!.message,
      'processing-failed',
      error,
      this.retry.attempts,
    );
  }

  /** Runs the handler with bounded retries; returns the last error, if any. */
  private async tryWithRetries(
    messages: ConsumedMessage<TopicValue<T>>[],
    heartbeat: () => Promise<void>,
  ): Promise<unknown> {
    let lastError: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.options.handler(messages);
        return undefined;
      } catch (error) {
        lastError = error;
        if (this.isTransient(error)) {
          // Not the message's fault: hold the partition (uncommitted) and let
          // kafkajs re-deliver once the dependency answers again.
          this.logger.warn(`dependency unavailable, will retry: ${(error as Error).message}`);
          await sleep(backoffDelay(this.retry, attempt));
          throw error;
        }
        if (attempt + 1 >= this.retry.attempts) return lastError;
        this.stats.retries++;
        this.logger.warn(
          `handler failed for ${messages.length} message(s) (attempt ${attempt + 1}/${this.retry.attempts}): ${(error as Error).message}`,
        );
        await sleep(backoffDelay(this.retry, attempt));
        await heartbeat();
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetter['reason'],
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const err = error instanceof Error ? error : new Error(String(error));
    const key = message.key ? message.key.toString('utf8') : null;
    const headers = headersOf(message);
    await this.options.deadLetters.publish(Topics.deadLetter, [
      {
        key: key ?? '',
        value: {
          schemaVersion: 1,
          sourceTopic: topic,
          partition,
          offset: message.offset,
          consumerGroup: this.options.groupId,
          key,
          valueBase64: message.value ? message.value.toString('base64') : null,
          headers,
          reason,
          error: { name: err.name, message: err.message.slice(0, 10_000) },
          attempts,
          failedAt: new Date().toISOString(),
        },
      },
    ]);
    this.stats.deadLettered++;
    this.logger.warn(
      `dead-lettered ${topic}[${partition}]@${message.offset} (${reason}): ${err.message}`,
    );
  }
}
