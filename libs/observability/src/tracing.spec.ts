import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  endSpan,
  extractTraceContext,
  injectSpan,
  injectTraceContext,
  initTracing,
  startProcessSpan,
  startSendSpan,
  traceIdOf,
  traceOutgoing,
  withMessages,
} from './index';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';
const traceparent = `00-${TRACE}-${PARENT}-01`;
const info = (key: string | null) => ({
  topic: 'p.newsgraph.article.raw.v1',
  partition: 2,
  offset: '41',
  group: 'p.newsgraph.deduplicator',
  key,
});

describe('W3C trace context', () => {
  beforeAll(() => {
    expect(initTracing({ serviceName: 'unit', env: {} })).toEqual({ exporting: false });
  });

  it('extracts a traceparent header and injects it back unchanged', () => {
    const ctx = extractTraceContext({ traceparent, tracestate: 'vendor=x' });
    const span = trace.getSpanContext(ctx)!;
    expect(span).toMatchObject({ traceId: TRACE, spanId: PARENT, traceFlags: 1, isRemote: true });
    const carrier: Record<string, string> = {};
    injectTraceContext(ctx, carrier);
    expect(carrier).toEqual({ traceparent, tracestate: 'vendor=x' });
  });

  it('ignores malformed or absent headers', () => {
    expect(trace.getSpanContext(extractTraceContext({ traceparent: 'garbage' }))).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext({}))).toBeUndefined();
    expect(traceIdOf(`00-${'0'.repeat(32)}-${PARENT}-01`)).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
    expect(traceIdOf(traceparent)).toBe(TRACE);
  });

  it('continues the producer trace in a span per consumed message', () => {
    const span = startProcessSpan(info('a1'), { traceparent });
    expect(span.spanContext().traceId).toBe(TRACE);
    expect(span.spanContext().spanId).not.toBe(PARENT);
    expect(
      (span as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext,
    ).toMatchObject({
      spanId: PARENT,
    });
    const orphan = startProcessSpan(info('a2'), {});
    expect(orphan.spanContext().traceId).not.toBe(TRACE);
    expect(traceIdOf(headersOf(orphan).traceparent)).toBe(orphan.spanContext().traceId);
    endSpan(span);
    endSpan(span, new Error('ended twice is harmless'));
    expect(span.isRecording()).toBe(false);
  });

  it('sends under the span of the consumed message with the same key', () => {
    const a = startProcessSpan(info('a'), { traceparent });
    const b = startProcessSpan(info('b'), {});
    const out = { a: {}, b: {}, other: {} } as Record<'a' | 'b' | 'other', Record<string, string>>;
    const sendSpans = withMessages(
      [
        { key: 'a', span: a },
        { key: 'b', span: b },
      ],
      'articleId',
      () => ({
        a: traceOutgoing('p.newsgraph.article.deduped.v1', 'a', out.a),
        b: traceOutgoing('p.newsgraph.article.deduped.v1', 'b', out.b),
        other: traceOutgoing('p.newsgraph.article.deduped.v1', 'zzz', out.other),
      }),
    );
    // Republished keys continue the consumed message's span, with no span of their own.
    expect(out.a.traceparent).toBe(`00-${TRACE}-${a.spanContext().spanId}-01`);
    expect(traceIdOf(out.b.traceparent)).toBe(b.spanContext().traceId);
    expect(sendSpans.a).toBeUndefined();
    expect(sendSpans.b).toBeUndefined();
    // A key nobody consumed starts a trace of its own, from a send span.
    const other = sendSpans.other!;
    expect(out.other.traceparent).toBe(
      `00-${other.spanContext().traceId}-${other.spanContext().spanId}-01`,
    );
    expect([TRACE, b.spanContext().traceId]).not.toContain(other.spanContext().traceId);
  });

  it('starts a send span under the active span outside any consumed message', () => {
    const parent = startProcessSpan(info(null), { traceparent });
    const headers: Record<string, string> = {};
    const span = context.with(trace.setSpan(ROOT_CONTEXT, parent), () =>
      traceOutgoing('t', 'k', headers),
    )!;
    expect(span.spanContext().traceId).toBe(TRACE);
    expect(traceIdOf(headers.traceparent)).toBe(TRACE);
    endSpan(span);
    expect(span.isRecording()).toBe(false);
  });

  it('makes a single message the active span for the handler', async () => {
    const a = startProcessSpan(info('a'), { traceparent });
    const active = await withMessages([{ key: 'a', span: a }], 'articleId', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return trace.getActiveSpan();
    });
    expect(active).toBe(a);
    expect(trace.getSpan(ROOT_CONTEXT)).toBeUndefined();
  });
});

function headersOf(span: ReturnType<typeof startSendSpan>): Record<string, string> {
  const carrier: Record<string, string> = {};
  injectSpan(span, carrier);
  return carrier;
}
