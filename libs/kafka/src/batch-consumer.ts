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
import {
  ageSeconds,
  consumerMetrics,
  endSpan,
  startProcessSpan,
  withMessages,
  type ConsumerMetrics,
  type Span,
} from '@newsgraph/observability';
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
  /**
   * How many times this consumer has joined its group so far. Within one
   * generation it kept its partitions, so a gap between two batches' offsets
   * can only be messages it dead-lettered itself.
   */
  generation: number;
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
  /**
   * Partitions handled at the same time (default 1). Order holds within each
   * partition; more lets a handler that waits on a database keep it busy.
   */
  partitionsConcurrently?: number;
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

/**
 * Thrown by a handler whose state must be rebuilt from its partition's log (a
 * stateful consumer after a restart or a rebalance): the consumer re-reads the
 * partition from `offset` ('earliest': the oldest retained message) instead of
 * retrying, and commits nothing of the batch in hand.
 */
export class RewindTo extends Error {
  constructor(
    readonly offset: string | 'earliest',
    reason: string,
  ) {
    super(`rewind to ${offset}: ${reason}`);
    this.name = 'RewindTo';
  }
}

const nextOffset = (offset: string) => (BigInt(offset) + 1n).toString();

/** A received message on its way through the consumer (also its log and trace scope). */
interface Item<V> {
  message: KafkaMessage;
  consumed: ConsumedMessage<V>;
  key: string | null;
  span: Span;
}

/** When the article in a message was ingested: raw articles carry it, later stages nest it. */
function ingestedAtOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { ingestedAt?: unknown; article?: { ingestedAt?: unknown } };
  return v.ingestedAt ?? v.article?.ingestedAt;
}

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
 * Each message gets a span continuing its producer's trace; the handler runs with
 * the messages' keys and trace ids in its log lines, and is counted and timed.
 */
export class BatchConsumer<T extends TopicContract> {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private readonly retry: RetryPolicy;
  private readonly isTransient: (error: unknown) => boolean;
  private readonly metrics: ConsumerMetrics;
  /** How log lines name a message's key: article topics are keyed by article id. */
  private readonly keyField: string;
  readonly stats: ConsumerStats = { processed: 0, deadLettered: 0, retries: 0 };
  private running = false;
  /** The last crash kafkajs reported, until the consumer joins its group again. */
  private crash: Error | undefined;
  private generation = 0;

  constructor(
    private readonly kafka: Kafka,
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
    this.metrics = consumerMetrics(this.topic, options.groupId);
    this.keyField = options.contract.keyDescription === 'article id' ? 'articleId' : 'key';
    const { CRASH, GROUP_JOIN } = this.consumer.events;
    this.consumer.on(CRASH, ({ payload }) => {
      this.crash = payload.error;
      // Without a restart the consumer is gone for good.
      if (!payload.restart) this.running = false;
    });
    this.consumer.on(GROUP_JOIN, () => {
      this.crash = undefined;
      this.generation++;
    });
  }

  /** Why the consumer is not consuming now, or undefined when it is. */
  get problem(): string | undefined {
    if (!this.running) return 'not running';
    return this.crash ? `crashed: ${this.crash.message}` : undefined;
  }

  get groupId(): string {
    return this.options.groupId;
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
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 1,
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
    const receivedAt = performance.now();
    let group: Item<TopicValue<T>>[] = [];
    let received = 0;

    const flush = async () => {
      if (group.length === 0) return;
      const items = group;
      group = [];
      try {
        await this.handleGroup(batch.topic, batch.partition, items, heartbeat, receivedAt);
      } catch (error) {
        // Redelivered later (with spans of its own): close these as failed.
        for (const item of items) endSpan(item.span, error);
        throw error;
      }
      await this.commit(
        batch.topic,
        batch.partition,
        items[items.length - 1]!.message.offset,
        resolveOffset,
      );
    };

    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        received++;
        const headers = headersOf(message);
        const key = message.key ? message.key.toString('utf8') : null;
        const span = startProcessSpan(
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            group: this.options.groupId,
            key,
          },
          headers,
        );
        let value: TopicValue<T>;
        try {
          value = decodeValue(this.options.contract, message.value);
        } catch (error) {
          if (!(error instanceof ContractViolation)) {
            endSpan(span, error);
            throw error;
          }
          // Keep order: what came before is handled before the offset moves past it.
          await flush();
          await this.deadLetter(
            batch.topic,
            batch.partition,
            { message, key, span },
            'contract-violation',
            error,
            0,
            receivedAt,
          );
          await this.commit(batch.topic, batch.partition, message.offset, resolveOffset);
          continue;
        }
        const age = ageSeconds(ingestedAtOf(value));
        if (age !== undefined) this.metrics.messageAge.observe(age);
        group.push({
          message,
          key,
          span,
          consumed: {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key,
            value,
            headers,
            timestamp: message.timestamp,
            generation: this.generation,
          },
        });
        if (group.length >= maxBatch) await flush();
      }
      if (isRunning() && !isStale()) await flush();
    } catch (error) {
      if (!(error instanceof RewindTo)) throw error;
      await this.rewind(batch.topic, batch.partition, error);
    } finally {
      if (received > 0) this.metrics.consumed.inc(received);
      // Left unhandled because the consumer stops or the group rebalanced.
      for (const item of group) endSpan(item.span, 'not processed: consumer stopping');
    }
  }

  private async rewind(topic: string, partition: number, request: RewindTo): Promise<void> {
    let offset = request.offset;
    if (offset === 'earliest') {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        offset = offsets.find((o) => o.partition === partition)?.low ?? '0';
      } finally {
        await admin.disconnect();
      }
    }
    this.logger.log(`${topic}[${partition}]: ${request.message}; re-reading from ${offset}`);
    this.consumer.seek({ topic, partition, offset });
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

  private handleGroup(
    topic: string,
    partition: number,
    items: Item<TopicValue<T>>[],
    heartbeat: () => Promise<void>,
    receivedAt: number,
  ): Promise<void> {
    return withMessages(items, this.keyField, async () => {
      const started = performance.now();
      const error = await this.tryWithRetries(
        items.map((i) => i.consumed),
        heartbeat,
      );
      if (error === undefined) {
        const done = performance.now();
        this.metrics.batchDuration.observe((done - started) / 1000);
        const latency = (done - receivedAt) / 1000;
        for (const item of items) {
          this.metrics.messageDuration.observe(latency);
          endSpan(item.span);
        }
        this.metrics.processed.inc(items.length);
        this.stats.processed += items.length;
        this.logger.debug(`processed ${items.length} message(s) of ${topic}[${partition}]`);
        return;
      }
      if (items.length > 1) {
        // Isolate the poison: handle one by one, so the good ones still go through.
        for (const item of items)
          await this.handleGroup(topic, partition, [item], heartbeat, receivedAt);
        return;
      }
      await this.deadLetter(
        topic,
        partition,
        items[0]!,
        'processing-failed',
        error,
        this.retry.attempts,
        receivedAt,
      );
    });
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
        if (error instanceof RewindTo) throw error;
        lastError = error;
        if (this.isTransient(error)) {
          this.metrics.transientErrors.inc();
          // Not the message's fault: hold the partition (uncommitted) and let
          // kafkajs re-deliver once the dependency answers again.
          this.logger.warn(`dependency unavailable, will retry: ${(error as Error).message}`);
          await sleep(backoffDelay(this.retry, attempt));
          throw error;
        }
        this.metrics.failedErrors.inc();
        if (attempt + 1 >= this.retry.attempts) return lastError;
        this.stats.retries++;
        this.metrics.retries.inc();
        this.logger.warn(
          `handler failed for ${messages.length} message(s) (attempt ${attempt + 1}/${this.retry.attempts}): ${(error as Error).message}`,
        );
        await sleep(backoffDelay(this.retry, attempt));
        await heartbeat();
      }
    }
  }

  private deadLetter(
    topic: string,
    partition: number,
    item: Pick<Item<unknown>, 'message' | 'key' | 'span'>,
    reason: DeadLetter['reason'],
    error: unknown,
    attempts: number,
    receivedAt: number,
  ): Promise<void> {
    // In the message's scope: the letter continues its trace, the log line names it.
    return withMessages([item], this.keyField, async () => {
      const { message, key } = item;
      const err = error instanceof Error ? error : new Error(String(error));
      const headers = headersOf(message);
      const letter = this.options.deadLetters.publish(Topics.deadLetter, [
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
      try {
        await letter;
      } catch (publishError) {
        endSpan(item.span, publishError);
        throw publishError;
      }
      this.stats.deadLettered++;
      this.metrics.deadLettered(reason).inc();
      this.metrics.messageDuration.observe((performance.now() - receivedAt) / 1000);
      endSpan(item.span, err);
      this.logger.warn(
        `dead-lettered ${topic}[${partition}]@${message.offset} (${reason}): ${err.message}`,
      );
    });
  }
}
