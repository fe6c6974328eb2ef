import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { allTopics, type TopicContract } from '@newsgraph/contracts';
import type { Kafka } from 'kafkajs';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import { BatchConsumer, type ConsumedMessage } from './batch-consumer';
import { createKafka } from './kafka-client';
import { LagMonitor } from './lag-monitor';
import { EventPublisher } from './publisher';
import type { RetryPolicy } from './retry';

export interface KafkaBatchServerOptions {
  brokers: string[];
  clientId: string;
  groupId: string;
  /** Group of a topic (by contract name) other than `groupId`; see ConsumerGroups. */
  groupIds?: Partial<Record<string, string>>;
  topicPrefix: string;
  retry?: RetryPolicy;
  maxBatchSize?: number;
  /** See BatchConsumerOptions.partitionsConcurrently. */
  partitionsConcurrently?: number;
  /** How often consumer lag is sampled for the metrics (default 5 s). */
  lagIntervalMs?: number;
}

/**
 * Hands a handler's error to the BatchConsumer as it was thrown. Without it,
 * Nest turns every error into `{ status: 'error', message: 'Internal server
 * error' }`, and the consumer could no longer tell a database outage (retry,
 * never dead-letter) or a RewindTo from a poison message. Register it on the
 * microservice: `app.connectMicroservice(...).useGlobalFilters(new PassThroughRpcErrors())`.
 */
@Catch()
export class PassThroughRpcErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** What an `@EventPattern(topic.name)` handler receives: the whole batch. */
export class KafkaBatchContext extends BaseRpcContext<[string, number]> {
  constructor(topic: string, partition: number) {
    super([topic, partition]);
  }
  get topic(): string {
    return this.args[0];
  }
  get partition(): number {
    return this.args[1];
  }
}

/**
 * NestJS microservice transport over our BatchConsumer: each handler declared with
 * `@EventPattern(<topic contract>.name)` is fed batches of validated messages, with
 * manual commits, retries and dead-lettering as the BatchConsumer does them.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaBatchServer.name);
  private readonly kafka: Kafka;
  private readonly deadLetters: EventPublisher;
  private readonly consumers: BatchConsumer<TopicContract>[] = [];
  private lagMonitor: LagMonitor | undefined;
  private listening = false;

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    this.kafka = createKafka({ brokers: options.brokers, clientId: options.clientId });
    this.deadLetters = new EventPublisher(this.kafka, options.topicPrefix);
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      for (const [pattern, handler] of this.getHandlers()) {
        const contract = allTopics.find((t) => t.name === pattern);
        if (!contract) throw new Error(`@EventPattern('${pattern}') names no topic contract`);
        const consumer = new BatchConsumer(this.kafka, {
          groupId: this.options.groupIds?.[contract.name] ?? this.options.groupId,
          contract,
          topicPrefix: this.options.topicPrefix,
          deadLetters: this.deadLetters,
          retry: this.options.retry,
          maxBatchSize: this.options.maxBatchSize,
          partitionsConcurrently: this.options.partitionsConcurrently,
          handler: async (messages: ConsumedMessage<unknown>[]) => {
            const first = messages[0]!;
            const result = await handler(
              messages,
              new KafkaBatchContext(first.topic, first.partition),
            );
            if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
          },
        });
        await consumer.start();
        this.consumers.push(consumer);
        this.log.log(`consuming ${consumer.topic} as group ${consumer.groupId}`);
      }
      this.lagMonitor = new LagMonitor(
        this.kafka,
        this.consumers.map((c) => ({ groupId: c.groupId, topic: c.topic })),
        this.options.lagIntervalMs ?? 5_000,
      );
      this.lagMonitor.start();
      this.listening = true;
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * Why the server is not consuming (a consumer crashed or stopped, or it never
   * started), or undefined when every consumer runs: what readiness reports.
   */
  get problem(): string | undefined {
    if (!this.listening) return 'consumers not started';
    for (const consumer of this.consumers) {
      const problem = consumer.problem;
      if (problem) return `${consumer.topic}: ${problem}`;
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.listening = false;
    await this.lagMonitor?.stop();
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.deadLetters.disconnect();
  }

  on(): never {
    throw new Error('KafkaBatchServer does not emit events');
  }

  unwrap<T>(): T {
    return this.kafka as T;
  }
}
