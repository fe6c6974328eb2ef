import { parseFeed } from '@rowanmanning/feed-parser';
import { stripUnsafeXmlProlog } from '@newsgraph/feed-registry';
import { htmlToText } from './html-text';
import { JsonFeed, jsonFeedItems } from './json-feed';

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

/** One item of any feed format, reduced to what an article needs. */
export interface FeedEntry {
  /** RSS guid, Atom id, JSON Feed id. */
  guid: string | null;
  /** Absolute http(s) URL of the item's page. */
  link: string | null;
  /** Plain text. */
  title: string | null;
  /** Plain text of the summary/description. */
  summary: string | null;
  /** Plain text of the full content, when the feed carries it. */
  content: string | null;
  publishedAt: Date | null;
  author: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  /** e.g. `2.0`, `0.91`, `1.0`, `1.1`. */
  version: string | null;
  title: string | null;
  /** The site the feed belongs to (absolute). */
  siteUrl: string | null;
  language: string | null;
  entries: FeedEntry[];
}

/** A document that is not a readable feed; the reason says what is wrong. */
export class FeedParseError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FeedParseError';
  }
}

/** `value` resolved against `base` when it is an http(s) URL, else null. */
export function absoluteHttpUrl(value: string | null | undefined, base: string): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

const plain = (html: string | null | undefined): string | null => {
  if (!html?.trim()) return null;
  return htmlToText(html) || null;
};

const validDate = (d: Date | string | null | undefined): Date | null => {
  if (!d) return null;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * Parses RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed 1.x text into entries
 * with absolute links (relative ones resolved against xml:base, the channel link,
 * then `feedUrl`, the URL the document was fetched from).
 */
export function parseFeedDocument(
  text: string,
  feedUrl: string,
  contentType: string | null = null,
): ParsedFeed {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const trimmed = body.trimStart();
  if (/json/i.test(contentType ?? '') || trimmed.startsWith('{')) {
    return parseJsonFeed(trimmed, feedUrl);
  }
  return parseXmlFeed(body, feedUrl);
}

function parseJsonFeed(text: string, feedUrl: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`malformed JSON: ${(error as Error).message}`);
  }
  const feed = JsonFeed.safeParse(json);
  if (!feed.success) {
    throw new FeedParseError('JSON document is not a JSON Feed (no jsonfeed.org version or items)');
  }
  const version = /version\/([\d.]+)/.exec(feed.data.version)?.[1] ?? null;
  const siteUrl = absoluteHttpUrl(feed.data.home_page_url, feedUrl);
  return {
    format: 'json',
    version,
    title: feed.data.title?.trim() || null,
    siteUrl,
    language: feed.data.language ?? null,
    entries: jsonFeedItems(feed.data).map((item) => {
      const content = item.content_html
        ? plain(item.content_html)
        : item.content_text?.trim() || null;
      return {
        guid: item.id?.trim() || null,
        link: absoluteHttpUrl(item.url ?? item.external_url, feedUrl),
        title: item.title ? plain(item.title) : null,
        summary: item.summary?.trim() || null,
        content,
        publishedAt: validDate(item.date_published ?? item.date_modified),
        author: item.authors?.find((a) => a?.name)?.name ?? item.author?.name ?? null,
      };
    }),
  };
}

/** The root element's name, skipping the prolog (declaration, comments, PIs). */
function rootElementName(xml: string): string | null {
  return /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<([A-Za-z_][\w.:-]*)/.exec(xml)?.[1] ?? null;
}

/**
 * The parser is lenient (it recovers from unknown entities, stray ampersands and
 * unclosed inline tags, as real feeds need), so a truncated or broken document
 * would silently yield partial items that would then count as published. A feed
 * must therefore at least close its root element.
 */
function assertComplete(xml: string, root: string): void {
  const tail = xml.replace(/(?:\s|<!--[\s\S]*?-->|<\?[\s\S]*?\?>)*$/, '');
  const closing = new RegExp(`</${root.replace(/[.]/g, '\\.')}\\s*>$`, 'i');
  if (!closing.test(tail)) {
    throw new FeedParseError(
      `malformed XML: the document does not end with </${root}> (truncated?)`,
    );
  }
}

function parseXmlFeed(text: string, feedUrl: string): ParsedFeed {
  const xml = stripUnsafeXmlProlog(text);
  const root = rootElementName(xml);
  if (!root) throw new FeedParseError('not XML: no root element');
  if (/^html$/i.test(root)) throw new FeedParseError('an HTML page, not a feed');
  assertComplete(xml, root);
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FeedParseError(
      code === 'INVALID_FEED'
        ? `<${root}> is not an RSS, RDF or Atom feed`
        : `malformed XML: ${(error as Error).message}`,
    );
  }
  const type = feed.meta.type;
  const format: FeedFormat = type === 'atom' ? 'atom' : type === 'rdf' ? 'rdf' : 'rss';
  // The channel link may itself be relative (to the document).
  const siteUrl = absoluteHttpUrl(feed.url, feedUrl);
  const base = siteUrl ?? feedUrl;
  return {
    format,
    version: feed.meta.version,
    title: plain(feed.title),
    siteUrl,
    language: feed.language?.trim() || null,
    entries: feed.items.map((item) => {
      const content = plain(item.content);
      const summary = plain(item.description);
      return {
        guid: item.id?.trim() || null,
        link: absoluteHttpUrl(item.url, base),
        title: plain(item.title),
        summary,
        content,
        publishedAt: validDate(item.published ?? item.updated),
        author: item.authors.find((a) => a.name)?.name?.trim() || null,
      };
    }),
  };
}
