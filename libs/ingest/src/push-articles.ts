import { createHash, timingSafeEqual } from 'node:crypto';
import type { RawArticle, SourceRef } from '@newsgraph/contracts';
import {
  articleId,
  contentHash,
  MAX_BYLINE,
  normalizeByline,
  normalizeText,
  sourceId,
} from '@newsgraph/text';
import { z } from 'zod';

/**
 * API keys of the push API, each bound to an owner: the owner namespaces the
 * sources of what it pushes, so one client cannot write into another's (or a
 * feed's) source. Comparison is constant-time.
 */
export class ApiKeyRing {
  private readonly keys: { owner: string; digest: Buffer }[];

  constructor(entries: readonly { owner: string; key: string }[]) {
    this.keys = entries.map((e) => ({ owner: e.owner, digest: digest(e.key) }));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The owner of `presented`, or null when it is no key of the ring. */
  identify(presented: string | undefined | null): string | null {
    if (!presented) return null;
    const candidate = digest(presented);
    let owner: string | null = null;
    // Every key is compared, so timing says nothing about which one matched.
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, candidate) && owner === null) owner = key.owner;
    }
    return owner;
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** `owner:key` entries, comma-separated; a bare key belongs to the owner `push`. */
export function parseApiKeys(spec: string): { owner: string; key: string }[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      return colon < 0
        ? { owner: 'push', key: entry }
        : { owner: entry.slice(0, colon).trim(), key: entry.slice(colon + 1).trim() };
    });
}

/** One pushed article, as clients send it. */
export const PushedArticle = z
  .object({
    /** The client's id for the article: pushing it again replaces nothing downstream. */
    id: z.string().trim().min(1).max(2000),
    title: z.string().trim().min(1).max(2000),
    /** Plain text. */
    body: z.string().min(1).max(5_000_000),
    url: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2000)
      .nullish(),
    publishedAt: z.iso.datetime({ offset: true }).nullish(),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag like "en" or "pt-BR"')
      .max(16)
      .nullish(),
    /** Who wrote it, as it should be shown (`Jane Doe, Max Mustermann`). */
    byline: z.string().trim().min(1).max(MAX_BYLINE).nullish(),
    /** Defaults to the key's owner. */
    source: z
      .object({
        name: z.string().trim().min(1).max(500),
        url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).nullish(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PushedArticle = z.infer<typeof PushedArticle>;

export interface PushOptions {
  /** The API key's owner. */
  owner: string;
  maxItems: number;
  now?: Date;
}

export interface PushValidation {
  accepted: { index: number; article: RawArticle }[];
  rejected: { index: number; errors: string[] }[];
}

export class PushRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushRequestError';
  }
}

function sourceFor(owner: string, source: PushedArticle['source']): SourceRef {
  const base = `push-${sourceId(owner).slice(0, 40)}`;
  if (!source) return { id: base, name: owner, url: null };
  return {
    id: `${base}-${sourceId(source.name).slice(0, 100)}`,
    name: source.name,
    url: source.url ?? null,
  };
}

/**
 * Validates a push request (one article object, or an array of them) item by
 * item: valid items become raw articles, invalid ones are reported with every
 * problem named, so a client can fix and resend just those.
 */
export function validatePush(body: unknown, options: PushOptions): PushValidation {
  if (typeof body !== 'object' || body === null) {
    throw new PushRequestError('the body must be an article object or an array of them');
  }
  const items: unknown[] = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new PushRequestError('the batch is empty');
  if (items.length > options.maxItems) {
    throw new PushRequestError(
      `at most ${options.maxItems} articles per request (got ${items.length})`,
    );
  }
  const ingestedAt = (options.now ?? new Date()).toISOString();
  const result: PushValidation = { accepted: [], rejected: [] };
  items.forEach((item, index) => {
    const parsed = PushedArticle.safeParse(item);
    if (!parsed.success) {
      result.rejected.push({
        index,
        errors: parsed.error.issues.map(
          (i) => `${i.path.length ? i.path.join('.') : '(item)'}: ${i.message}`,
        ),
      });
      return;
    }
    const a = parsed.data;
    const title = normalizeText(a.title).replace(/\s+/g, ' ');
    const body = normalizeText(a.body);
    if (!body) {
      result.rejected.push({ index, errors: ['body: has no text once white space is removed'] });
      return;
    }
    const source = sourceFor(options.owner, a.source);
    result.accepted.push({
      index,
      article: {
        schemaVersion: 1,
        articleId: articleId(source.id, a.id),
        source,
        externalId: a.id,
        url: a.url ?? null,
        title,
        body,
        language: a.language ?? null,
        publishedAt: a.publishedAt ? new Date(a.publishedAt).toISOString() : null,
        ingestedAt,
        contentHash: contentHash(title, body),
        byline: normalizeByline(a.byline),
      },
    });
  });
  return result;
}
