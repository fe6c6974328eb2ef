import { createHash } from 'node:crypto';
import { sourceId } from '@newsgraph/text';

/** A feed URL the registry refuses, with the reason. */
export class InvalidFeedUrlError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`invalid feed URL "${url.slice(0, 200)}": ${reason}`);
    this.name = 'InvalidFeedUrlError';
  }
}

export const MAX_FEED_URL_LENGTH = 2000;

/**
 * The canonical form of a feed URL: absolute http(s), no credentials, no fragment.
 * Host case and default ports are folded by WHATWG URL parsing, so one feed is
 * registered once however it was typed.
 */
export function normalizeFeedUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) throw new InvalidFeedUrlError(input, 'empty');
  if (trimmed.length > MAX_FEED_URL_LENGTH) {
    throw new InvalidFeedUrlError(input, `longer than ${MAX_FEED_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidFeedUrlError(input, 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidFeedUrlError(
      input,
      `scheme "${url.protocol.replace(/:$/, '')}" is not http(s)`,
    );
  }
  // Credentials in a stored URL would leak through the API and the OPML export.
  if (url.username || url.password) throw new InvalidFeedUrlError(input, 'contains credentials');
  if (!url.hostname) throw new InvalidFeedUrlError(input, 'has no host');
  url.hash = '';
  return url.toString();
}

/**
 * Stable feed id, also the source id of its articles: readable host slug plus a
 * digest of the URL, so removing and re-adding a feed yields the same article ids
 * and the downstream recognises what it already has.
 */
export function feedIdFor(normalizedUrl: string): string {
  const host = new URL(normalizedUrl).hostname;
  const digest = createHash('sha256').update(normalizedUrl, 'utf8').digest('hex').slice(0, 12);
  return `${sourceId(host).slice(0, 60)}-${digest}`;
}
