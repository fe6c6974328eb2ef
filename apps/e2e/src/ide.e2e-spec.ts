import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  startPipeline,
  startService,
  waitFor,
  type TestPipeline,
} from '@newsgraph/devstack';
import { getIntrospectionQuery, parse } from 'graphql';

const READ_KEY = 'e2e-ide-read-key-0123456789';

/** The value of `name="..."` in an HTML tag (the page escapes `&<>"` in values). */
const attribute = (tag: string, name: string) => {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value
    ?.replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
};
const tags = (html: string, name: string) => html.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];

describe('the GraphQL IDE served by the api', () => {
  let pipeline: TestPipeline;
  let origin: string;
  let ideUrl: string;

  beforeAll(async () => {
    // Queries need a key here, so the IDE's requests only work with its headers.
    pipeline = await startPipeline('ide', {
      API_READ_KEYS: READ_KEY,
      API_REQUIRE_READ_KEY: 'true',
    });
    origin = new URL(pipeline.graphqlUrl).origin;
    ideUrl = `${origin}/ide`;
  }, 180_000);

  afterAll(async () => {
    await pipeline?.stop();
  });

  const page = async (url = ideUrl) => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    return { res, html: await res.text() };
  };

  /** Every URL the page loads: scripts, stylesheets and the workers it hands GraphiQL. */
  const assetUrls = (html: string) => {
    const scripts = tags(html, 'script').map((t) => attribute(t, 'src'));
    const styles = tags(html, 'link')
      .filter((t) => attribute(t, 'rel') === 'stylesheet')
      .map((t) => attribute(t, 'href'));
    const root = tags(html, 'div').find((t) => attribute(t, 'id') === 'graphiql')!;
    const workers = Object.values(JSON.parse(attribute(root, 'data-workers')!) as object);
    return { scripts, styles, workers: workers as string[] };
  };

  it('serves the page, and every script, stylesheet, worker and font it needs, from the app', async () => {
    const { res, html } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https?:|\*/);
    // No absolute URL at all: nothing comes from another origin (or a CDN).
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9]/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy"/);

    const { scripts, styles, workers } = assetUrls(html);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(workers).toHaveLength(3);
    const fetched = async (path: string | undefined, type: RegExp, minBytes: number) => {
      const url = new URL(path!, ideUrl);
      expect(url.origin).toBe(origin);
      const r = await fetch(url);
      expect([url.pathname, r.status]).toEqual([url.pathname, 200]);
      expect(r.headers.get('content-type')).toMatch(type);
      const body = Buffer.from(await r.arrayBuffer());
      expect(body.length).toBeGreaterThan(minBytes);
      return body.toString('utf8');
    };
    // GraphiQL, React and Monaco in one module; the stylesheet embeds GraphiQL's fonts.
    const script = await fetched(scripts[0], /^text\/javascript/, 1_000_000);
    expect(script).toMatch(/graphiql/i);
    const style = await fetched(styles[0], /^text\/css/, 100_000);
    expect(style).toMatch(/\.graphiql-container/);
    expect(style).toMatch(/\.monaco-editor/);
    for (const worker of workers) await fetched(worker, /^text\/javascript/, 100_000);
    // The stylesheet's own URLs (Monaco's icon font) are the app's too.
    const cssUrls = [...style.matchAll(/url\(\s*["']?([^"')]+)/g)]
      .map((m) => m[1]!)
      .filter((u) => !u.startsWith('data:'));
    expect(cssUrls.length).toBeGreaterThan(0);
    for (const u of cssUrls) {
      expect(u).not.toMatch(/^(https?:)?\/\//);
      await fetched(new URL(u, new URL(styles[0]!, ideUrl)).href, /^font\//, 10_000);
    }
    // Only the build's files: no other path under the assets folder.
    expect((await fetch(`${origin}/ide/assets/manifest.json`)).status).toBe(404);
    expect((await fetch(`${origin}/ide/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('gives browsers opening /graphql the same page, while API clients still get GraphQL', async () => {
    const ide = await page();
    const atGraphql = await page(pipeline.graphqlUrl);
    expect(atGraphql.res.status).toBe(200);
    expect(atGraphql.res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(atGraphql.html).toBe(ide.html);
    const json = await fetch(pipeline.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': READ_KEY },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it("points GraphiQL at the app's /graphql; its fetcher sends the headers editor's key over HTTP and graphql-ws", async () => {
    const { html } = await page();
    const root = tags(html, 'div').find((t) => attribute(t, 'id') === 'graphiql')!;
    // The page's script does exactly this (apps/api/ide/client.mjs).
    const endpoint = new URL(attribute(root, 'data-endpoint')!, ideUrl);
    expect(endpoint.href).toBe(pipeline.graphqlUrl);
    const subscriptionUrl = endpoint.href.replace(/^http/, 'ws');
    // The toolkit's types are ES module ones; at run time Jest loads its CommonJS build.
    const { createGraphiQLFetcher } = await import('@graphiql/toolkit');
    const fetcher = createGraphiQLFetcher({ url: endpoint.href, subscriptionUrl, fetch });
    const run = (query: string, headers: Record<string, string>) =>
      fetcher(
        { query, operationName: /^\w+ (\w+)/.exec(query)?.[1] ?? null },
        { documentAST: parse(query), headers },
      );

    // GraphiQL reads a query's result as a stream (incremental delivery): the first is it.
    type Result = { data?: any; errors?: { extensions?: { code?: string } }[] };
    const result = async (r: ReturnType<typeof run>) => {
      const value = (await r) as Result | AsyncIterableIterator<Result>;
      return Symbol.asyncIterator in value ? (await value.next()).value : value;
    };
    // GraphiQL's schema (docs, completion) comes from the standard introspection query.
    const introspection = await result(
      fetcher(
        { query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' },
        { headers: { 'x-api-key': READ_KEY } },
      ),
    );
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data.__schema.subscriptionType.name).toBe('Subscription');
    const withKey = await result(
      run('query Q { articles(first: 1) { totalCount } }', { 'x-api-key': READ_KEY }),
    );
    expect(withKey.errors).toBeUndefined();
    expect(typeof withKey.data.articles.totalCount).toBe('number');
    const withoutKey = await result(run('query Q { articles(first: 1) { totalCount } }', {}));
    expect(withoutKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // Subscriptions: GraphiQL sends the headers as graphql-ws connection parameters.
    const stream = (await run('subscription S { articleAdded { title } }', {
      'x-api-key': READ_KEY,
    })) as AsyncIterableIterator<Result>;
    const first = stream.next();
    let delivered = false;
    void first.then(() => (delivered = true));
    // Imports until the subscription (connecting in the background) delivers one.
    const folder = mkdtempSync(join(tmpdir(), 'ng-ide-'));
    await waitFor(
      'an article over the IDE subscription',
      async () => {
        if (delivered) return true;
        writeFileSync(
          join(folder, `${Date.now()}.txt`),
          'Harbour crane arrives\n\nA new harbour crane arrived in the port on Tuesday morning.',
        );
        await pipeline.importFolder(folder);
        await new Promise((r) => setTimeout(r, 2_000));
        return delivered ? true : undefined;
      },
      90_000,
      0,
    );
    const message = (await first).value;
    expect(message.errors).toBeUndefined();
    expect(message.data?.articleAdded.title).toBe('Harbour crane arrives');
    await stream.return?.();
  });

  it('is off with API_IDE=false, and a bad API_IDE stops the api at start-up', async () => {
    const port = String(await freePort());
    const api = await startService(
      'api',
      { ...pipeline.env, API_PORT: port, API_IDE: 'false' },
      { output: () => undefined },
    );
    try {
      expect((await fetch(`http://127.0.0.1:${port}/ide`)).status).toBe(404);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        headers: { accept: 'text/html' },
      });
      expect(await res.text()).not.toMatch(/graphiql/i);
    } finally {
      await api.stop();
    }
    const lines: string[] = [];
    await expect(
      startService(
        'api',
        { ...pipeline.env, API_PORT: String(await freePort()), API_IDE: 'maybe' },
        { output: (line) => lines.push(line) },
      ),
    ).rejects.toThrow(/exited with code 78/);
    expect(lines.join('\n')).toMatch(/API_IDE/);
  });
});
