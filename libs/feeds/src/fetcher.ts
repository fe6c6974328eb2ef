import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';
import { Agent, request } from 'undici';
import { AddressPolicy, bareHost } from './address-policy';

export type FetchErrorKind =
  | 'invalid-url'
  | 'blocked'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http'
  | 'decoding'
  | 'network';

/** Why a feed could not be fetched; `retryAfterMs` is the server's Retry-After, if any. */
export class FeedFetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'FeedFetchError';
  }
}

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchOptions extends Validators {
  /** The Accept header; feed types by default. */
  accept?: string;
}

export type FetchResult =
  | {
      status: 'ok';
      /** The URL finally answered, after redirects: relative links resolve against it. */
      url: string;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    }
  | { status: 'not-modified'; url: string; etag: string | null; lastModified: string | null };

export interface FetcherOptions {
  /** Whole fetch, redirects included. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Bytes on the wire; the download is aborted past it. */
  maxBodyBytes?: number;
  /** Bytes after decompression (a small gzip can expand a thousandfold). */
  maxDecodedBytes?: number;
  maxRedirects?: number;
  /** Non-public hosts, IPs or CIDRs that may nevertheless be fetched (tests, intranet feeds). */
  allowHosts?: readonly string[];
  userAgent?: string;
  now?: () => number;
}

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

const decompressors: Record<string, (buf: Buffer, o: ZlibOptions) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress),
  // "deflate" should be zlib-wrapped, but some servers send raw deflate.
  deflate: async (buf, o) =>
    (buf[0]! & 0x0f) === 8 && ((buf[0]! << 8) | buf[1]!) % 31 === 0
      ? promisify(inflate)(buf, o)
      : promisify(inflateRaw)(buf, o),
};

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
};

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

class BlockedAddressError extends Error {
  readonly code = 'ERR_FEED_ADDRESS_BLOCKED';
}

/**
 * Fetches feeds over HTTP(S) without letting a feed reach inside our network:
 * every connection's addresses are checked after DNS resolution (so a host that
 * resolves to 10.x or rebinds is refused at connect time), literal IPs before the
 * request, and each redirect hop the same way. Bodies are streamed with a size
 * cap, decompressed with an output cap, and the whole fetch has a deadline.
 */
export class FeedFetcher {
  private readonly policy: AddressPolicy;
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly maxDecodedBytes: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;
  private readonly now: () => number;

  constructor(options: FetcherOptions = {}) {
    this.policy = new AddressPolicy(options.allowHosts ?? []);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
    this.maxDecodedBytes = options.maxDecodedBytes ?? 4 * this.maxBodyBytes;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.userAgent = options.userAgent ?? 'newsgraph-feeds/0.1 (+https://github.com/newsgraph)';
    this.now = options.now ?? Date.now;
    this.agent = new Agent({
      connect: {
        lookup: this.guardedLookup,
        timeout: options.connectTimeoutMs ?? Math.min(10_000, this.timeoutMs),
      },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connections: 16,
    });
  }

  async fetch(url: string, validators: FetchOptions = {}): Promise<FetchResult> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      return await this.follow(url, validators, signal);
    } catch (error) {
      throw this.classify(error, signal);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async follow(start: string, validators: FetchOptions, signal: AbortSignal) {
    let current = this.checkUrl(start);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        accept: validators.accept ?? FEED_ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (validators.etag) headers['if-none-match'] = validators.etag;
      if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      const res = await request(current, {
        method: 'GET',
        headers,
        signal,
        dispatcher: this.agent,
      });
      const status = res.statusCode;
      if ([301, 302, 303, 307, 308].includes(status)) {
        await res.body.dump();
        const location = header(res.headers, 'location');
        if (!location) throw new FeedFetchError('http', `HTTP ${status} without Location`, status);
        if (hop >= this.maxRedirects) {
          throw new FeedFetchError(
            'too-many-redirects',
            `more than ${this.maxRedirects} redirects`,
            status,
          );
        }
        current = this.checkUrl(new URL(location, current).toString());
        continue;
      }
      const etag = header(res.headers, 'etag');
      const lastModified = header(res.headers, 'last-modified');
      if (status === 304) {
        await res.body.dump();
        return { status: 'not-modified' as const, url: current.toString(), etag, lastModified };
      }
      if (status < 200 || status >= 300) {
        await res.body.dump().catch(() => undefined);
        const retryAfter =
          status === 429 || status === 503
            ? parseRetryAfter(header(res.headers, 'retry-after'), this.now())
            : null;
        throw new FeedFetchError('http', `HTTP ${status}`, status, retryAfter);
      }
      const declared = Number(header(res.headers, 'content-length') ?? NaN);
      if (declared > this.maxBodyBytes) {
        res.body.destroy();
        throw new FeedFetchError(
          'too-large',
          `body of ${declared} bytes exceeds the limit of ${this.maxBodyBytes}`,
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > this.maxBodyBytes) {
          res.body.destroy();
          throw new FeedFetchError(
            'too-large',
            `body exceeds the limit of ${this.maxBodyBytes} bytes`,
          );
        }
        chunks.push(chunk as Buffer);
      }
      const body = await this.decode(
        Buffer.concat(chunks, size),
        header(res.headers, 'content-encoding'),
      );
      return {
        status: 'ok' as const,
        url: current.toString(),
        body,
        contentType: header(res.headers, 'content-type'),
        etag,
        lastModified,
      };
    }
  }

  /** Undoes each content coding in reverse order, never producing more than the cap. */
  private async decode(body: Buffer, contentEncoding: string | null): Promise<Buffer> {
    const codings = (contentEncoding ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c && c !== 'identity');
    let out = body;
    for (const coding of codings.reverse()) {
      const decompress = decompressors[coding];
      if (!decompress)
        throw new FeedFetchError('decoding', `unsupported content coding "${coding}"`);
      try {
        out = await decompress(out, { maxOutputLength: this.maxDecodedBytes });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new FeedFetchError(
            'too-large',
            `decompressed body exceeds the limit of ${this.maxDecodedBytes} bytes`,
          );
        }
        throw new FeedFetchError('decoding', `bad ${coding} body: ${(error as Error).message}`);
      }
    }
    return out;
  }

  private checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new FeedFetchError('invalid-url', `not a URL: ${raw.slice(0, 200)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new FeedFetchError('invalid-url', `scheme ${url.protocol} is not http(s)`);
    }
    if (url.username || url.password) {
      throw new FeedFetchError('invalid-url', 'URLs with credentials are not fetched');
    }
    // Sockets to literal IPs skip the lookup, so they are checked here.
    const host = bareHost(url.hostname);
    if (isIP(host)) {
      const refusal = this.policy.refusal(host);
      if (refusal) throw new FeedFetchError('blocked', `refused ${url.host}: ${refusal}`);
    }
    return url;
  }

  /** dns.lookup that refuses a host if any of its addresses is not allowed. */
  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refusals = addresses
        .map((a) => this.policy.refusal(a.address, hostname))
        .filter((r): r is string => r !== null);
      if (refusals.length > 0 || addresses.length === 0) {
        const reason = refusals[0] ?? 'no addresses';
        return callback(new BlockedAddressError(`refused ${hostname}: ${reason}`), '', 0);
      }
      if (options.all) return (callback as unknown as AllCallback)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  private classify(error: unknown, signal: AbortSignal): FeedFetchError {
    if (error instanceof FeedFetchError) return error;
    for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
      if (e instanceof BlockedAddressError) return new FeedFetchError('blocked', e.message);
      e = (e as { cause?: unknown }).cause;
    }
    const name = (error as { name?: string }).name ?? '';
    const code = (error as { code?: string }).code ?? '';
    if (signal.aborted || /Timeout/.test(name) || /TIMEOUT/.test(code)) {
      return new FeedFetchError('timeout', `no complete answer within ${this.timeoutMs} ms`);
    }
    if (/MaxSize|RESPONSE_SIZE/i.test(`${name} ${code}`)) {
      return new FeedFetchError('too-large', (error as Error).message);
    }
    const message = error instanceof Error ? error.message : String(error);
    return new FeedFetchError('network', `${code ? `${code}: ` : ''}${message}`);
  }
}

type AllCallback = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;
