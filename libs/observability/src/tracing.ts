import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  serviceName: string;
  env?: NodeJS.ProcessEnv;
}

interface TracingState {
  provider: TracerProvider;
  tracer: Tracer;
  exporting: boolean;
}

// Used directly, not only through the global API, so propagation works even when
// something else registered its own global propagator first.
const propagator = new W3CTraceContextPropagator();
let state: TracingState | undefined;

function otlpProcessor(): SpanProcessor {
  // Loaded only when exporting: the exporter and its protobuf code cost ~100 ms to load.
  const otlp =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  // It reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, headers and timeout itself.
  return new BatchSpanProcessor({ exporter: new otlp.OTLPTraceExporter() });
}

/**
 * Sets up tracing for this process, once: W3C trace context, async context
 * propagation, and an in-process tracer. Spans are exported over OTLP/HTTP only
 * when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set; otherwise they
 * only carry ids into headers and logs, and nothing touches the network.
 */
export function initTracing(options: TracingOptions): { exporting: boolean } {
  if (state) return { exporting: state.exporting };
  const env = options.env ?? process.env;
  const exporting = Boolean(
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT,
  );
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME || options.serviceName,
    }),
    spanProcessors: exporting ? [otlpProcessor()] : [],
  });
  // Both calls leave an already registered global in place (and say so); ours is
  // still used directly below.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(propagator);
  trace.setGlobalTracerProvider(provider);
  state = { provider, tracer: provider.getTracer('newsgraph'), exporting };
  return { exporting };
}

/** Sets tracing up with defaults unless the service already did (e.g. in a CLI). */
export function ensureTracing(): void {
  if (!state) initTracing({ serviceName: process.env.OTEL_SERVICE_NAME || 'newsgraph' });
}

/** The process's tracer. */
export function getTracer(): Tracer {
  ensureTracing();
  return state!.tracer;
}

/** Exports what is still buffered (when exporting) and stops the tracer. */
export async function shutdownTracing(): Promise<void> {
  const current = state;
  if (!current) return;
  await current.provider.shutdown();
}

/** Writes the `traceparent` (and `tracestate`) of `ctx`'s span into `carrier`. */
export function injectTraceContext(ctx: Context, carrier: Record<string, string>): void {
  propagator.inject(ctx, carrier, defaultTextMapSetter);
}

/** Writes the `traceparent` of `span` into `carrier`. */
export function injectSpan(span: Span, carrier: Record<string, string>): void {
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
}

/** The remote span context found in `carrier`, as the parent of new spans. */
export function extractTraceContext(
  carrier: Record<string, string | undefined>,
  base: Context = ROOT_CONTEXT,
): Context {
  return propagator.extract(base, carrier, defaultTextMapGetter);
}

/** The trace id of a `traceparent` value, or undefined when it is not valid. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  if (!traceparent) return undefined;
  const span = trace.getSpanContext(extractTraceContext({ traceparent }));
  return span && isSpanContextValid(span) ? span.traceId : undefined;
}

export interface MessageSpanInfo {
  topic: string;
  partition: number;
  offset: string;
  group: string;
  key: string | null;
}

/**
 * A span for one message being processed, continuing the trace its producer put
 * into the headers (a new trace when there was none).
 */
export function startProcessSpan(info: MessageSpanInfo, headers: Record<string, string>): Span {
  const parent = headers.traceparent ? extractTraceContext(headers) : ROOT_CONTEXT;
  const span = getTracer().startSpan(
    `process ${info.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': info.topic,
        'messaging.consumer.group.name': info.group,
        'messaging.destination.partition.id': info.partition,
        'messaging.kafka.offset': info.offset,
      },
    },
    parent,
  );
  if (info.key !== null) span.setAttribute('messaging.kafka.message.key', info.key);
  return span;
}

/** A span for sending one message; its context is what the message's headers carry. */
export function startSendSpan(topic: string, parent: Context): Span {
  return getTracer().startSpan(
    `send ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
      },
    },
    parent,
  );
}

/** Ends a span once (later calls are ignored), marking it failed when given an error. */
export function endSpan(span: Span, error?: unknown): void {
  if (!span.isRecording()) return;
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  span.end();
}

export type { Span } from '@opentelemetry/api';
