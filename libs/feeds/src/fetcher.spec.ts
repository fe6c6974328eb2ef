import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { AddressPolicy, FeedFetcher, nonPublicReason, parseRetryAfter } from './index';

describe('nonPublicReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'NAT64'],
  ])('refuses %s (%s)', (ip, label) => {
    expect(nonPublicReason(ip)).toContain(label);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1'])(
    'accepts public %s',
    (ip) => {
      expect(nonPublicReason(ip)).toBeNull();
    },
  );
});

describe('AddressPolicy', () => {
  it('allows non-public addresses only when allow-listed by IP, CIDR or host name', () => {
    const none = new AddressPolicy();
    expect(none.refusal('127.0.0.1', 'localhost')).toMatch(/127.0.0.1 is not a public address/);
    const byIp = new AddressPolicy(['127.0.0.1', '[::1]']);
    expect(byIp.refusal('127.0.0.1')).toBeNull();
    expect(byIp.refusal('::1')).toBeNull();
    expect(byIp.refusal('127.0.0.2')).not.toBeNull();
    const byNet = new AddressPolicy(['10.0.0.0/8']);
    expect(byNet.refusal('10.9.9.9')).toBeNull();
    expect(byNet.refusal('192.168.0.1')).not.toBeNull();
    const byName = new AddressPolicy(['localhost']);
    expect(byName.refusal('127.0.0.1', 'LOCALHOST')).toBeNull();
    expect(byName.refusal('127.0.0.1', 'evil.example')).not.toBeNull();
    expect(() => new AddressPolicy(['10.0.0.0/99'])).toThrow(/invalid allow-list entry/);
  });
});

describe('FeedFetcher refuses before connecting', () => {
  const fetcher = new FeedFetcher({ timeoutMs: 2000 });
  afterAll(() => fetcher.close());

  it.each([
    ['http://127.0.0.1/feed', /refused 127.0.0.1: 127.0.0.1 is not a public address: loopback/],
    ['http://[::1]:8080/feed', /refused \[::1\]:8080/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://2130706433/', /loopback/], // 127.0.0.1 as one number
    ['http://0x7f.1/', /loopback/],
    ['http://[::ffff:10.0.0.1]/', /private/],
  ])('%s', async (url, reason) => {
    await expect(fetcher.fetch(url)).rejects.toMatchObject({
      kind: 'blocked',
      message: expect.stringMatching(reason),
    });
  });

  it('refuses a host name that resolves to a non-public address (checked after DNS)', async () => {
    await expect(fetcher.fetch('http://localhost:9/feed')).rejects.toMatchObject({
      kind: 'blocked',
      message: expect.stringMatching(/refused localhost: .* loopback/),
    });
  });

  it('refuses other schemes and credentials', async () => {
    await expect(fetcher.fetch('file:///etc/passwd')).rejects.toMatchObject({
      kind: 'invalid-url',
    });
    await expect(fetcher.fetch('ftp://example.com/feed')).rejects.toMatchObject({
      kind: 'invalid-url',
    });
    await expect(fetcher.fetch('http://user:pw@example.com/feed')).rejects.toMatchObject({
      kind: 'invalid-url',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2020-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2020 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 31 Dec 2019 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('FeedFetcher against a local server', () => {
  let base: string;
  let server: Server;
  const requests: Record<string, string | undefined>[] = [];

  beforeAll(async () => {
    const xml = '<rss version="2.0"><channel><title>T</title></channel></rss>';
    server = createServer((req, res) => {
      requests.push({ path: req.url, inm: req.headers['if-none-match'] as string | undefined });
      switch (req.url) {
        case '/br':
          return void res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(xml));
        case '/raw-deflate':
          return void res
            .writeHead(200, { 'content-encoding': 'deflate' })
            .end(deflateRawSync(xml));
        case '/deflate':
          return void res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(xml));
        case '/bomb':
          // 8 MB of zeros in about 8 kB.
          return void res
            .writeHead(200, { 'content-encoding': 'gzip' })
            .end(gzipSync(Buffer.alloc(8 * 1024 * 1024)));
        case '/declared-huge':
          return void res.writeHead(200, { 'content-length': '99999999' }).end();
        case '/loop':
          return void res.writeHead(302, { location: '/loop' }).end();
        case '/etag':
          return req.headers['if-none-match'] === '"a"'
            ? void res.writeHead(304, { etag: '"a"' }).end()
            : void res.writeHead(200, { etag: '"a"', 'last-modified': 'x' }).end(xml);
        case '/busy':
          return void res.writeHead(503, { 'retry-after': '7' }).end();
        default:
          return void res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  // Allow-listed by name, so the guarded DNS lookup is what lets it through.
  const fetcher = new FeedFetcher({
    allowHosts: ['localhost'],
    timeoutMs: 3000,
    maxBodyBytes: 64 * 1024,
    maxDecodedBytes: 1024 * 1024,
    maxRedirects: 3,
  });
  afterAll(() => fetcher.close());

  it('fetches through the guarded lookup and decodes br, deflate and raw deflate', async () => {
    for (const path of ['/plain', '/br', '/deflate', '/raw-deflate']) {
      const res = await fetcher.fetch(`${base}${path}`);
      expect(res.status).toBe('ok');
      expect(res.status === 'ok' && res.body.toString()).toContain('<title>T</title>');
    }
  });

  it('bounds decompression and declared sizes', async () => {
    await expect(fetcher.fetch(`${base}/bomb`)).rejects.toMatchObject({
      kind: 'too-large',
      message: expect.stringMatching(/decompressed body exceeds the limit of 1048576 bytes/),
    });
    await expect(fetcher.fetch(`${base}/declared-huge`)).rejects.toMatchObject({
      kind: 'too-large',
    });
  });

  it('stops redirect loops', async () => {
    await expect(fetcher.fetch(`${base}/loop`)).rejects.toMatchObject({
      kind: 'too-many-redirects',
    });
  });

  it('sends validators and reports 304', async () => {
    const first = await fetcher.fetch(`${base}/etag`);
    expect(first).toMatchObject({ status: 'ok', etag: '"a"', lastModified: 'x' });
    const second = await fetcher.fetch(`${base}/etag`, { etag: '"a"', lastModified: 'x' });
    expect(second).toMatchObject({ status: 'not-modified' });
    expect(requests.at(-1)!.inm).toBe('"a"');
  });

  it('passes on Retry-After of a 503', async () => {
    await expect(fetcher.fetch(`${base}/busy`)).rejects.toMatchObject({
      kind: 'http',
      status: 503,
      retryAfterMs: 7000,
    });
  });
});
