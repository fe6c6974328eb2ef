import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The process's one registry: what `GET /metrics` serves. */
export const metricsRegistry = new Registry();

// Seconds. Batches of up to a thousand articles take milliseconds to seconds.
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// Seconds from ingestion: sub-second when the pipeline keeps up, minutes when it lags.
const AGE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

const registers = [metricsRegistry];

/**
 * Every metric of the pipeline, defined once. Labels are bounded: topic, consumer
 * group, partition and a small set of reasons, never ids of articles.
 */
export const pipelineMetrics = {
  consumed: new Counter({
    name: 'newsgraph_kafka_messages_consumed_total',
    help: 'Messages received by a consumer, valid or not (redeliveries count again).',
    labelNames: ['topic', 'group'] as const,
    registers,
  }),
  processed: new Counter({
    name: 'newsgraph_kafka_messages_processed_total',
    help: 'Messages the handler completed (their offsets are committed next).',
    labelNames: ['topic', 'group'] as const,
    registers,
  }),
  batchDuration: new Histogram({
    name: 'newsgraph_kafka_batch_duration_seconds',
    help: 'Time of one successful handler call on a group of messages, retries included.',
    labelNames: ['topic', 'group'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  }),
  messageDuration: new Histogram({
    name: 'newsgraph_kafka_message_duration_seconds',
    help: 'Per message: from its arrival in the consumer until it was handled or dead-lettered.',
    labelNames: ['topic', 'group'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  }),
  handlerErrors: new Counter({
    name: 'newsgraph_kafka_handler_errors_total',
    help: 'Failed handler calls; kind="transient" (dependency away, redelivered) or "failed".',
    labelNames: ['topic', 'group', 'kind'] as const,
    registers,
  }),
  retries: new Counter({
    name: 'newsgraph_kafka_handler_retries_total',
    help: 'Handler calls repeated after a failure that was not transient.',
    labelNames: ['topic', 'group'] as const,
    registers,
  }),
  deadLettered: new Counter({
    name: 'newsgraph_kafka_dead_lettered_total',
    help: 'Messages sent to the dead-letter topic, by reason.',
    labelNames: ['topic', 'group', 'reason'] as const,
    registers,
  }),
  lag: new Gauge({
    name: 'newsgraph_kafka_consumer_lag',
    help: 'High watermark minus the committed offset of the group, sampled periodically.',
    labelNames: ['topic', 'group', 'partition'] as const,
    registers,
  }),
  messageAge: new Histogram({
    name: 'newsgraph_pipeline_message_age_seconds',
    help: "Age of an article when a stage consumes it: now minus the article's ingestedAt.",
    labelNames: ['topic', 'group'] as const,
    buckets: AGE_BUCKETS,
    registers,
  }),
  produced: new Counter({
    name: 'newsgraph_kafka_messages_produced_total',
    help: 'Messages acknowledged by the broker.',
    labelNames: ['topic'] as const,
    registers,
  }),
  feedItemPages: new Counter({
    name: 'newsgraph_feed_item_pages_total',
    help:
      'Item pages the feed poller tried: outcome="extracted" (the page\'s text was published) ' +
      'or "fallback" (the feed\'s text was, for the reason given).',
    labelNames: ['outcome', 'reason'] as const,
    registers,
  }),
  produceErrors: new Counter({
    name: 'newsgraph_kafka_produce_errors_total',
    help: 'Messages whose send failed (the caller sees the error).',
    labelNames: ['topic'] as const,
    registers,
  }),
};

export interface ConsumerMetrics {
  consumed: { inc(value?: number): void };
  processed: { inc(value?: number): void };
  batchDuration: { observe(seconds: number): void };
  messageDuration: { observe(seconds: number): void };
  transientErrors: { inc(value?: number): void };
  failedErrors: { inc(value?: number): void };
  retries: { inc(value?: number): void };
  messageAge: { observe(seconds: number): void };
  deadLettered(reason: string): { inc(value?: number): void };
}

/**
 * The metrics of one consumer with its labels bound once, so the hot path does not
 * build label objects per message.
 */
export function consumerMetrics(topic: string, group: string): ConsumerMetrics {
  const m = pipelineMetrics;
  const deadLettered = new Map<string, { inc(value?: number): void }>();
  return {
    consumed: m.consumed.labels(topic, group),
    processed: m.processed.labels(topic, group),
    batchDuration: m.batchDuration.labels(topic, group),
    messageDuration: m.messageDuration.labels(topic, group),
    transientErrors: m.handlerErrors.labels(topic, group, 'transient'),
    failedErrors: m.handlerErrors.labels(topic, group, 'failed'),
    retries: m.retries.labels(topic, group),
    messageAge: m.messageAge.labels(topic, group),
    deadLettered(reason) {
      let child = deadLettered.get(reason);
      if (!child) {
        child = m.deadLettered.labels(topic, group, reason);
        deadLettered.set(reason, child);
      }
      return child;
    },
  };
}

export interface ProducerMetrics {
  produced: { inc(value?: number): void };
  errors: { inc(value?: number): void };
}

export function producerMetrics(topic: string): ProducerMetrics {
  return {
    produced: pipelineMetrics.produced.labels(topic),
    errors: pipelineMetrics.produceErrors.labels(topic),
  };
}

export interface PartitionOffsets {
  partition: number;
  /** The next offset to be written (Kafka's high watermark). */
  high: string;
  /** The oldest offset still on the broker. */
  low: string;
}

/**
 * Lag per partition: high watermark minus the group's committed offset; a
 * partition the group never committed counts from its low watermark.
 */
export function partitionLags(
  ends: readonly PartitionOffsets[],
  committed: readonly { partition: number; offset: string }[],
): { partition: number; lag: number }[] {
  const byPartition = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  return ends.map((end) => {
    const c = byPartition.get(end.partition);
    const from = c !== undefined && c >= 0 ? c : Number(end.low);
    return { partition: end.partition, lag: Math.max(0, Number(end.high) - from) };
  });
}

export function recordLag(
  topic: string,
  group: string,
  lags: readonly { partition: number; lag: number }[],
): void {
  for (const { partition, lag } of lags) pipelineMetrics.lag.set({ topic, group, partition }, lag);
}

/** Seconds since an ISO timestamp, or undefined when there is none to read. */
export function ageSeconds(iso: unknown, nowMs = Date.now()): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : Math.max(0, (nowMs - at) / 1000);
}

let defaultsCollected = false;

/**
 * Labels every series with the service name and adds Node's process metrics
 * (CPU, memory, event loop lag, GC). Once per process.
 */
export function initMetrics(options: { service: string }): void {
  metricsRegistry.setDefaultLabels({ service: options.service });
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** The Prometheus text exposition of every metric of this process. */
export function scrapeMetrics(): Promise<string> {
  return metricsRegistry.metrics();
}

export const metricsContentType = metricsRegistry.contentType;
