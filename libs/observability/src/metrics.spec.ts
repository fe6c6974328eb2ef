import {
  ageSeconds,
  consumerMetrics,
  initMetrics,
  metricsContentType,
  metricsRegistry,
  partitionLags,
  producerMetrics,
  recordLag,
  scrapeMetrics,
} from './index';

/** The value of one series in the text exposition, or undefined when absent. */
async function sample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await scrapeMetrics();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries(
      body.split(',').map((pair) => {
        const [k, v] = pair.split('=');
        return [k!, JSON.parse(v!) as string];
      }),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('pipeline metrics', () => {
  beforeEach(() => metricsRegistry.resetMetrics());

  it('counts per topic and group through labels bound once', async () => {
    const a = consumerMetrics('t.raw.v1', 'g1');
    const b = consumerMetrics('t.raw.v1', 'g2');
    a.consumed.inc(3);
    a.processed.inc(2);
    b.processed.inc(5);
    a.deadLettered('contract-violation').inc();
    a.deadLettered('contract-violation').inc();
    a.deadLettered('processing-failed').inc();
    a.transientErrors.inc();
    a.retries.inc();
    const labels = { topic: 't.raw.v1', group: 'g1' };
    expect(await sample('newsgraph_kafka_messages_consumed_total', labels)).toBe(3);
    expect(await sample('newsgraph_kafka_messages_processed_total', labels)).toBe(2);
    expect(await sample('newsgraph_kafka_messages_processed_total', { group: 'g2' })).toBe(5);
    expect(
      await sample('newsgraph_kafka_dead_lettered_total', {
        ...labels,
        reason: 'contract-violation',
      }),
    ).toBe(2);
    expect(
      await sample('newsgraph_kafka_dead_lettered_total', { reason: 'processing-failed' }),
    ).toBe(1);
    expect(await sample('newsgraph_kafka_handler_errors_total', { kind: 'transient' })).toBe(1);
    expect(await sample('newsgraph_kafka_handler_retries_total', labels)).toBe(1);
  });

  it('puts latencies and ages into histogram buckets', async () => {
    const m = consumerMetrics('t.enriched.v1', 'g');
    m.batchDuration.observe(0.02);
    m.messageDuration.observe(0.02);
    m.messageDuration.observe(3);
    m.messageAge.observe(0.3);
    const labels = { topic: 't.enriched.v1', group: 'g' };
    expect(await sample('newsgraph_kafka_batch_duration_seconds_count', labels)).toBe(1);
    expect(await sample('newsgraph_kafka_message_duration_seconds_count', labels)).toBe(2);
    expect(await sample('newsgraph_kafka_message_duration_seconds_sum', labels)).toBeCloseTo(3.02);
    expect(
      await sample('newsgraph_kafka_message_duration_seconds_bucket', { ...labels, le: '0.025' }),
    ).toBe(1);
    expect(
      await sample('newsgraph_pipeline_message_age_seconds_bucket', { ...labels, le: '0.25' }),
    ).toBe(0);
    expect(
      await sample('newsgraph_pipeline_message_age_seconds_bucket', { ...labels, le: '0.5' }),
    ).toBe(1);
  });

  it('counts produced messages and send errors per topic', async () => {
    const p = producerMetrics('t.deduped.v1');
    p.produced.inc(7);
    p.errors.inc(2);
    expect(await sample('newsgraph_kafka_messages_produced_total', { topic: 't.deduped.v1' })).toBe(
      7,
    );
    expect(await sample('newsgraph_kafka_produce_errors_total', { topic: 't.deduped.v1' })).toBe(2);
  });

  it('computes lag from high watermarks and committed offsets', async () => {
    const lags = partitionLags(
      [
        { partition: 0, high: '10', low: '0' },
        { partition: 1, high: '5', low: '2' },
        { partition: 2, high: '4', low: '0' },
      ],
      // Partition 1 was never committed (-1): everything still on the broker counts.
      [
        { partition: 0, offset: '7' },
        { partition: 1, offset: '-1' },
        { partition: 2, offset: '4' },
      ],
    );
    expect(lags).toEqual([
      { partition: 0, lag: 3 },
      { partition: 1, lag: 3 },
      { partition: 2, lag: 0 },
    ]);
    recordLag('t.raw.v1', 'g', lags);
    expect(await sample('newsgraph_kafka_consumer_lag', { partition: '0' })).toBe(3);
    expect(await sample('newsgraph_kafka_consumer_lag', { partition: '2' })).toBe(0);
  });

  it('measures the age of an ISO timestamp, ignoring what is not one', () => {
    const now = Date.parse('2024-01-01T00:00:10.000Z');
    expect(ageSeconds('2024-01-01T00:00:07.500Z', now)).toBe(2.5);
    expect(ageSeconds('2024-01-01T00:00:20.000Z', now)).toBe(0);
    expect(ageSeconds('not a date', now)).toBeUndefined();
    expect(ageSeconds(undefined, now)).toBeUndefined();
  });

  it('serves default process metrics labelled with the service, in Prometheus text format', async () => {
    initMetrics({ service: 'unit' });
    initMetrics({ service: 'unit' });
    const text = await scrapeMetrics();
    expect(metricsContentType).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE newsgraph_kafka_messages_processed_total counter');
    expect(text).toContain('# TYPE newsgraph_kafka_consumer_lag gauge');
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="unit"\} /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="unit"\} /m);
  });
});
