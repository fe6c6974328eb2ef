import { createHash } from 'node:crypto';
import type { RawArticle, SourceRef } from '@newsgraph/contracts';
import { canonicalizeUrl, cleanPlainText, type ExtractedArticle } from '@newsgraph/extraction';
import { articleId, contentHash, normalizeByline, normalizeText } from '@newsgraph/text';
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

/** An item's web page, fetched and run through the extractor. */
export interface ItemPage {
  /** The URL finally answered, after redirects. */
  url: string;
  extracted: ExtractedArticle;
}

/** Where the body came from: the item's page, or the feed's own text. */
export type BodySource = 'page' | 'feed';

export type ArticleOrSkip = { article: RawArticle; bodyFrom: BodySource } | { skipped: string };

/** A page's main text shorter than this is a teaser, a consent wall or a video page. */
export const MIN_PAGE_WORDS = 20;
/** ... and one much shorter than the feed's own text is a truncated (paywalled) page. */
const MIN_PAGE_SHARE = 0.6;

// Scripts written without spaces between words: a character is about half a word.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Approximate number of words, also for Chinese, Japanese and Thai. */
export function wordCount(text: string): number {
  const unspaced = text.match(UNSPACED)?.length ?? 0;
  const spaced = text.replace(UNSPACED, ' ').match(WORD)?.length ?? 0;
  return spaced + Math.ceil(unspaced / 2);
}

/**
 * Whether a page's extracted text can stand for the item: long enough to be an
 * article, and not much shorter than what the feed itself carries.
 */
export function isUsablePageBody(pageBody: string, feedText: string): boolean {
  const words = wordCount(pageBody);
  return words >= MIN_PAGE_WORDS && words >= MIN_PAGE_SHARE * wordCount(feedText);
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
};

/**
 * The article's URL: the page's canonical URL (rel=canonical, og:url), else the
 * URL the page was finally served from, else the feed's link, each without
 * tracking parameters. A canonical URL naming the site's front page for an
 * article elsewhere is a misconfigured template and is passed over.
 */
export function articleUrl(link: string | null, page: ItemPage | null): string | null {
  const fetched = page ? canonicalizeUrl(page.url) : null;
  const canonical = page?.extracted.canonicalUrl ?? null;
  const frontPage = (url: string) => pathOf(url) === '/';
  if (canonical && !(frontPage(canonical) && fetched && !frontPage(fetched))) return canonical;
  return fetched ?? (link ? (canonicalizeUrl(link) ?? link) : null);
}

/**
 * The feed's text without page furniture and repetitions of the title. When the
 * cleaner would take a body line for the title (the feed's title is missing or
 * a bare label), or leaves nothing, the text is kept as it is.
 */
function cleanFeedText(title: string, text: string): string {
  if (!text) return text;
  const clean = cleanPlainText(title, text);
  return clean.title === title && clean.body ? clean.body : text;
}

const validIso = (iso: string | null | undefined): string | null => {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
};

/**
 * The raw article of a feed item, merged with its page when there is one.
 *
 * Body: the page's main text when it is usable (see isUsablePageBody), else the
 * fuller of the feed's content and summary with page furniture ("Read more:"
 * lists, share buttons) removed; link-only items fall back to their title, so
 * they still reach the graph. A page that yields no usable text is taken not to
 * be the article (a consent wall, an error page) and contributes nothing.
 * Title and publication time: the feed's, else the page's. Language: the
 * page's, else the feed's. Byline: the feed item's author (RSS author or
 * dc:creator, Atom author, JSON Feed authors), else the page's byline. URL: see
 * articleUrl. A missing title falls back to the body's first line.
 */
export function toRawArticle(
  entry: FeedEntry,
  itemKey: string,
  source: SourceRef,
  options: { language?: string | null; ingestedAt: Date; page?: ItemPage | null },
): ArticleOrSkip {
  const content = entry.content ?? '';
  const summary = entry.summary ?? '';
  const feedText = normalizeText(content.length >= summary.length ? content : summary);
  const feedTitle = normalizeText(entry.title ?? '').replace(/\s+/g, ' ');
  const extracted = options.page?.extracted;
  const pageBody = extracted ? normalizeText(extracted.body) : '';
  const page = extracted && isUsablePageBody(pageBody, feedText) ? options.page! : null;

  const text = page ? pageBody : cleanFeedText(feedTitle, feedText);
  const pageTitle = page ? normalizeText(page.extracted.title).replace(/\s+/g, ' ') : '';
  const title = feedTitle || pageTitle || firstLine(text);
  if (!title) return { skipped: 'no title and no text' };
  const body = (text || title).slice(0, MAX_BODY);
  const clippedTitle = title.slice(0, MAX_TITLE);
  const publishedAt =
    entry.publishedAt?.toISOString() ?? validIso(page?.extracted.publishedAt) ?? null;
  return {
    bodyFrom: page ? 'page' : 'feed',
    article: {
      schemaVersion: 1,
      articleId: articleId(source.id, itemKey),
      source,
      externalId: itemKey,
      url: articleUrl(entry.link, page),
      title: clippedTitle,
      body,
      language: languageTag(page?.extracted.language) ?? languageTag(options.language),
      publishedAt,
      ingestedAt: options.ingestedAt.toISOString(),
      contentHash: contentHash(clippedTitle, body),
      byline: normalizeByline(entry.author) ?? normalizeByline(page?.extracted.byline),
    },
  };
}
