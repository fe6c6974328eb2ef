import {
  context,
  createContextKey,
  isSpanContextValid,
  trace,
  type Span,
} from '@opentelemetry/api';
import { ensureTracing, injectSpan, startSendSpan } from './tracing';

/** Something that can say which fields log lines written under it should carry. */
interface LogFieldSource {
  logFields(): Record<string, unknown>;
}

const LOG_FIELDS = createContextKey('newsgraph.log-fields');
const MESSAGE_SCOPE = createContextKey('newsgraph.message-scope');

// A log line about a whole batch names at most this many messages.
const MAX_LISTED = 100;

class FixedFields implements LogFieldSource {
  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly outer: LogFieldSource | undefined,
  ) {}
  logFields(): Record<string, unknown> {
    return this.outer ? { ...this.outer.logFields(), ...this.fields } : this.fields;
  }
}

/** A message being processed: its key (the article id on article topics) and its span. */
export interface ScopedMessage {
  readonly key: string | null;
  readonly span: Span;
}

/**
 * The messages a handler is working on. Log fields are computed only when a line
 * is actually written, and the key index only when something is published, so a
 * batch that logs and publishes nothing costs one small object.
 */
class MessageScope implements LogFieldSource {
  private byKey: Map<string, Span> | undefined;

  constructor(
    private readonly messages: readonly ScopedMessage[],
    private readonly keyField: string,
  ) {}

  spanFor(key: string): Span | undefined {
    if (this.messages.length === 1) {
      const only = this.messages[0]!;
      return only.key === key ? only.span : undefined;
    }
    if (!this.byKey) {
      this.byKey = new Map();
      for (const m of this.messages) if (m.key !== null) this.byKey.set(m.key, m.span);
    }
    return this.byKey.get(key);
  }

  logFields(): Record<string, unknown> {
    if (this.messages.length === 1) {
      const only = this.messages[0]!;
      const span = only.span.spanContext();
      return { [this.keyField]: only.key, traceId: span.traceId, spanId: span.spanId };
    }
    const listed = this.messages.slice(0, MAX_LISTED);
    return {
      [`${this.keyField}s`]: listed.map((m) => m.key),
      traceIds: listed.map((m) => m.span.spanContext().traceId),
      messageCount: this.messages.length,
    };
  }
}

/** Runs `fn` with `fields` added to every log line written while it runs. */
export function withLogFields<T>(fields: Record<string, unknown>, fn: () => T): T {
  ensureTracing();
  const active = context.active();
  const outer = active.getValue(LOG_FIELDS) as LogFieldSource | undefined;
  return context.with(active.setValue(LOG_FIELDS, new FixedFields(fields, outer)), fn);
}

/**
 * Runs a handler on `messages`: its log lines carry their keys (as `keyField`, or
 * `${keyField}s` for several) and trace ids, and what it publishes under one of
 * their keys continues that message's trace. A single message is also the active span.
 */
export function withMessages<T>(
  messages: readonly ScopedMessage[],
  keyField: string,
  fn: () => T,
): T {
  ensureTracing();
  const scope = new MessageScope(messages, keyField);
  let ctx = context.active().setValue(MESSAGE_SCOPE, scope).setValue(LOG_FIELDS, scope);
  if (messages.length === 1) ctx = trace.setSpan(ctx, messages[0]!.span);
  return context.with(ctx, fn);
}

/**
 * Writes the trace context of a message about to be sent under `key` into
 * `headers`. Sent while handling a consumed message with that key, it continues
 * that message's span (which already covers the send, so no span of its own:
 * the hot path stays at one span per message per stage). Otherwise it gets a send
 * span under whatever is active, returned for the caller to end once acknowledged.
 */
export function traceOutgoing(
  topic: string,
  key: string,
  headers: Record<string, string>,
): Span | undefined {
  const active = context.active();
  const consumed = (active.getValue(MESSAGE_SCOPE) as MessageScope | undefined)?.spanFor(key);
  if (consumed) {
    injectSpan(consumed, headers);
    return undefined;
  }
  const span = startSendSpan(topic, active);
  injectSpan(span, headers);
  return span;
}

/** The fields the current log line should carry, or undefined when there are none. */
export function currentLogFields(): Record<string, unknown> | undefined {
  const active = context.active();
  const fields = (active.getValue(LOG_FIELDS) as LogFieldSource | undefined)?.logFields();
  if (fields && ('traceId' in fields || 'traceIds' in fields)) return fields;
  const span = trace.getSpan(active)?.spanContext();
  if (!span || !isSpanContextValid(span)) return fields;
  return { ...fields, traceId: span.traceId, spanId: span.spanId };
}
