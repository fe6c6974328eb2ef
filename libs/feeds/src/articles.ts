import { createHash } from 'node:crypto';
import type { RawArticle, SourceRef } from '@newsgraph/contracts';
import { articleId, contentHash, normalizeText } from '@newsgraph/text';
import type { FeedEntry } from './parse-feed';

const MAX_KEY = 500;
const MAX_TITLE = 2000;
const MAX_BODY = 5_000_000;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * What identifies an item within its feed: the guid, else the link, else a digest
 * of its text (items with neither exist, and must not be re-published each poll).
 * Very long keys are digested so they stay indexable.
 */
export function itemKeyOf(entry: FeedEntry): string {
  const key =
    entry.guid ??
    entry.link ??
    `content:${sha256(`${entry.title ?? ''}\u0000${entry.summary ?? ''}\u0000${entry.content ?? ''}`)}`;
  return key.length > MAX_KEY ? `sha256:${sha256(key)}` : key;
}

/** BCP 47-ish tags only (`en`, `en-US`, `pt_BR`); anything else is dropped. */
export function languageTag(value: string | null | undefined): string | null {
  const tag = value?.trim().replace(/_/g, '-');
  if (!tag || tag.length > 16 || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return null;
  return tag;
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 200) ?? '';

export type ArticleOrSkip = { article: RawArticle } | { skipped: string };

/**
 * The raw article of a feed item. The body is the fuller of content and summary
 * (link-only items fall back to their title, so they still reach the graph);
 * a missing title falls back to the body's first line.
 */
export function toRawArticle(
  entry: FeedEntry,
  itemKey: string,
  source: SourceRef,
  options: { language?: string | null; ingestedAt: Date },
): ArticleOrSkip {
  const content = entry.content ?? '';
  const summary = entry.summary ?? '';
  const text = normalizeText(content.length >= summary.length ? content : summary);
  const title = normalizeText(entry.title ?? '').replace(/\s+/g, ' ') || firstLine(text);
  if (!title) return { skipped: 'no title and no text' };
  const body = (text || title).slice(0, MAX_BODY);
  const clippedTitle = title.slice(0, MAX_TITLE);
  return {
    article: {
      schemaVersion: 1,
      articleId: articleId(source.id, itemKey),
      source,
      externalId: itemKey,
      url: entry.link,
      title: clippedTitle,
      body,
      language: languageTag(options.language),
      publishedAt: entry.publishedAt?.toISOString() ?? null,
      ingestedAt: options.ingestedAt.toISOString(),
      contentHash: contentHash(clippedTitle, body),
    },
  };
}
