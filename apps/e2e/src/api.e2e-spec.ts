import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  graphqlRequest,
  repoRoot,
  startPipeline,
  startService,
  freePort,
  waitFor,
  type RunningService,
  type TestPipeline,
} from '@newsgraph/devstack';
import { createClient, type Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { importAndSettle } from './support';

const READ_KEY = 'e2e-read-key-0123456789';
const ADMIN_KEY = 'e2e-admin-key-0123456789';
const seedFolder = join(repoRoot(), 'data', 'sample-feed');

describe('the GraphQL API over the real pipeline', () => {
  let pipeline: TestPipeline;
  let gql: (
    q: string,
    v?: Record<string, unknown>,
    h?: Record<string, string>,
  ) => ReturnType<typeof graphqlRequest>;
  let sql: PgClient;

  beforeAll(async () => {
    pipeline = await startPipeline('api', {
      API_READ_KEYS: READ_KEY,
      API_ADMIN_KEYS: ADMIN_KEY,
      API_EXPOSE_QUERY_COUNT: 'true',
    });
    gql = (q, v, h) => graphqlRequest(pipeline.graphqlUrl, q, v, h);
    await importAndSettle(pipeline, seedFolder);
    sql = new PgClient({ connectionString: pipeline.env.DATABASE_URL });
    await sql.connect();
  }, 180_000);

  afterAll(async () => {
    await sql?.end();
    await pipeline?.stop();
  });

  const ids = (r: { data?: any }, field = 'articles') =>
    (r.data[field].edges as { node: { id: string } }[]).map((e) => e.node.id).sort();

  it('batches related rows: the SQL count does not grow with the page size', async () => {
    const query = `query($n: Int) { articles(first: $n) { edges { node {
      title source { name } story { title articleCount } duplicateOf { id } copies { id }
      mentions { surface entity { id name } } entities { salience entity { id aliases articleCount } } } } } }`;
    const one = await gql(query, { n: 1 });
    const five = await gql(query, { n: 5 });
    expect(five.errors).toBeUndefined();
    expect(five.data.articles.edges).toHaveLength(5);
    // ids + rows, then a fixed number per loader (source, story, duplicateOf, copies,
    // mentions and article entities with their entities, aliases, article counts),
    // whatever the page size: no N+1.
    expect(one.extensions?.sqlQueries).toBe(five.extensions?.sqlQueries);
    expect(five.extensions?.sqlQueries).toBeGreaterThanOrEqual(8);
    expect(five.extensions?.sqlQueries).toBeLessThanOrEqual(12);
  });

  it('filters articles by entity (id or QID), story, source and text', async () => {
    const expected = (
      await sql.query(
        `SELECT DISTINCT a.id AS article_id FROM articles a, jsonb_array_elements(a.mentions) m
         WHERE m->>'entityId' = 'Q3052772' ORDER BY 1`,
      )
    ).rows.map((r) => r.article_id as string);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const byEntity = await gql(
      `{ articles(first: 50, filter: { entityIds: ["Q3052772"] }) { edges { node { id } } } }`,
    );
    expect(ids(byEntity)).toEqual(expected);

    const both = (
      await sql.query(`SELECT article_id FROM article_entities WHERE entity_id IN ('Q3052772', 'Q7747')
                       GROUP BY article_id HAVING count(*) = 2 ORDER BY 1`)
    ).rows.map((r) => r.article_id as string);
    const byBoth = await gql(
      `{ articles(first: 50, filter: { entityIds: ["Q3052772", "Q7747"] }) { edges { node { id } } totalCount } }`,
    );
    expect(ids(byBoth)).toEqual(both);
    expect(byBoth.data.articles.totalCount).toBe(both.length);

    const story = (
      await sql.query(`SELECT story_id, count(*)::int AS n FROM articles GROUP BY 1 LIMIT 1`)
    ).rows[0];
    const byStory = await gql(
      `query($s: ID!) { articles(filter: { storyId: $s }) { edges { node { story { id } } } } }`,
      {
        s: story.story_id,
      },
    );
    expect(byStory.data.articles.edges).toHaveLength(story.n);

    const withSochi = readdirSync(seedFolder).filter((f) =>
      /sochi/i.test(readFileSync(join(seedFolder, f), 'utf8')),
    );
    expect(withSochi.length).toBeGreaterThan(0);
    const text = await gql(
      `{ search(query: "Sochi agreement") { edges { node { title body } } totalCount } }`,
    );
    expect(text.data.search.totalCount).toBe(withSochi.length);
    for (const e of text.data.search.edges)
      expect(`${e.node.title} ${e.node.body}`).toMatch(/sochi/i);
    const none = await gql(
      `{ articles(filter: { query: "earthquake" }) { edges { node { id } } } }`,
    );
    expect(none.data.articles.edges).toEqual([]);
  });

  it('reads the same article in a page, in search and by id', async () => {
    const fields = `id title body url language byline publishedAt ingestedAt occurredAt
      duplicateKind duplicateOfId similarity source { id } story { id }`;
    // Pages, search and the article loader each have their own query (the raw
    // column lists are checked against Prisma's model in libs/query).
    const page = await gql(`{ articles(first: 50) { edges { node { ${fields} } } } }`);
    const found = await gql(
      `{ search(query: "Sochi", first: 50) { edges { node { ${fields} } } } }`,
    );
    const nodes = [
      ...page.data.articles.edges.map((e: { node: unknown }) => e.node),
      ...found.data.search.edges.map((e: { node: unknown }) => e.node),
    ] as { id: string }[];
    expect(found.data.search.edges.length).toBeGreaterThan(0);
    for (const node of nodes) {
      const one = await gql(`query($id: ID!) { article(id: $id) { ${fields} } }`, { id: node.id });
      expect(node).toEqual(one.data.article);
    }
  });

  it("pages an entity's articles newest first, with cursors", async () => {
    const expected = (
      await sql.query(`SELECT a.id FROM articles a JOIN article_entities ae ON ae.article_id = a.id
                       WHERE ae.entity_id = 'Q3052772' ORDER BY a.occurred_at DESC, a.id DESC`)
    ).rows.map((r) => r.id as string);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof gql>> = await gql(
        `query($after: String) { articles(first: 2, after: $after, filter: { entityIds: ["Q3052772"] }) {
           edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...page.data.articles.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.data.articles.pageInfo.hasNextPage) break;
      after = page.data.articles.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    const back = await gql(
      `{ articles(last: 2, filter: { entityIds: ["Q3052772"] }, orderBy: OLDEST) { edges { node { id } } } }`,
    );
    expect(back.data.articles.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      expected.slice(0, 2).reverse(),
    );
  });

  it('pages forwards and backwards with cursors', async () => {
    const all = await gql(`{ articles(first: 5) { edges { cursor node { id } } } }`);
    const order = all.data.articles.edges.map((e: { node: { id: string } }) => e.node.id);
    const first = await gql(
      `{ articles(first: 2) { edges { node { id } } pageInfo { endCursor hasNextPage } } }`,
    );
    expect(first.data.articles.pageInfo.hasNextPage).toBe(true);
    const next = await gql(
      `query($c: String) { articles(first: 2, after: $c) { edges { node { id } } pageInfo { startCursor hasPreviousPage } } }`,
      {
        c: first.data.articles.pageInfo.endCursor,
      },
    );
    expect(next.data.articles.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      order.slice(2, 4),
    );
    const back = await gql(
      `query($c: String) { articles(last: 2, before: $c) { edges { node { id } } } }`,
      {
        c: next.data.articles.pageInfo.startCursor,
      },
    );
    expect(back.data.articles.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      order.slice(0, 2),
    );
  });

  it('finds entities by QID and by any spelling, with co-mentions and timelines', async () => {
    const macron = await gql(`{ entity(qid: "Q3052772") { id name aliases articleCount
      coMentioned(first: 50) { entity { id } count } timeline(bucket: DAY) { start count } } }`);
    expect(macron.data.entity.name).toBe('Emmanuel Macron');
    expect(macron.data.entity.aliases).toEqual(expect.arrayContaining(['Makron', 'markron']));
    const putin = macron.data.entity.coMentioned.find(
      (c: { entity: { id: string } }) => c.entity.id === 'Q7747',
    );
    const shared = (
      await sql.query(`SELECT count(*)::int AS n FROM article_entities a JOIN article_entities b USING (article_id)
                       WHERE a.entity_id = 'Q3052772' AND b.entity_id = 'Q7747'`)
    ).rows[0].n;
    expect(putin.count).toBe(shared);
    const total = macron.data.entity.timeline.reduce(
      (n: number, b: { count: number }) => n + b.count,
      0,
    );
    expect(total).toBe(macron.data.entity.articleCount);

    const search = await gql(`{ entities(search: "Makron", first: 3) { edges { node { id } } } }`);
    expect(search.data.entities.edges[0].node.id).toBe('Q3052772');
    const places = await gql(`{ entities(type: "place", first: 50) { edges { node { type } } } }`);
    expect(
      places.data.entities.edges.every((e: { node: { type: string } }) => e.node.type === 'place'),
    ).toBe(true);

    const stories = await gql(`{ stories(first: 5) { edges { node { id articleCount sources { name }
      topEntities { entity { id } count } timeline { count } articles(first: 50) { totalCount } } } } }`);
    for (const { node } of stories.data.stories.edges) {
      expect(node.articles.totalCount).toBe(node.articleCount);
      expect(node.sources.length).toBeGreaterThan(0);
    }
  });

  it('delivers a newly imported article to a matching subscription only', async () => {
    const client: Client = createClient({
      url: pipeline.graphqlUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { apiKey: READ_KEY },
    });
    const received: string[] = [];
    let ready = false;
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: `subscription { articleAdded(filter: { entityIds: ["Q7747"] }) { title } }` },
        {
          next: (msg) =>
            void received.push(
              (msg.data as { articleAdded: { title: string } }).articleAdded.title,
            ),
          error: reject,
          complete: resolve,
        },
      );
      client.on('connected', () => (ready = true));
    });
    await waitFor('the subscription', () => (ready ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    const folder = mkdtempSync(join(tmpdir(), 'ng-sub-'));
    writeFileSync(
      join(folder, 'a.txt'),
      'Putin visits a factory\n\nVladimir Putin toured a tractor factory on Monday.',
    );
    writeFileSync(
      join(folder, 'b.txt'),
      'Local weather\n\nRain is expected in the afternoon across the region.',
    );
    await importAndSettle(pipeline, folder);
    await waitFor('the subscribed article', () => (received.length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(received).toEqual(['Putin visits a factory']);
    await client.dispose();
    void done.catch(() => undefined);
  });

  it('carries an imported byline through the pipeline to the Article type', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ng-byline-'));
    writeFileSync(
      join(folder, 'wire.jsonl'),
      JSON.stringify({
        id: 'byline-1',
        title: 'Lighthouse keeper retires',
        text: 'The last lighthouse keeper of the island retired on Friday after forty years.',
        author: 'Jane Doe',
      }) + '\n',
    );
    writeFileSync(
      join(folder, 'page.html'),
      '<html lang="en"><head><title>Glacier retreats</title><meta name="author" content="Max Mustermann"></head><body><article><p>The glacier above the valley retreated by a record distance this summer, surveyors said.</p><p>Meltwater flooded two mountain roads.</p></article></body></html>',
    );
    writeFileSync(
      join(folder, 'plain.txt'),
      'Ferry timetable changes\n\nThe winter ferry timetable starts a week earlier this year.',
    );
    await importAndSettle(pipeline, folder);
    const r = await gql(`{ articles(first: 100) { edges { node { title byline } } } }`);
    expect(r.errors).toBeUndefined();
    const bylines = Object.fromEntries(
      (r.data.articles.edges as { node: { title: string; byline: string | null } }[]).map((e) => [
        e.node.title,
        e.node.byline,
      ]),
    );
    expect(bylines['Lighthouse keeper retires']).toBe('Jane Doe');
    expect(bylines['Glacier retreats']).toBe('Max Mustermann');
    // Plain text files name no author.
    expect(bylines['Ferry timetable changes']).toBeNull();
  });

  it('refuses subscriptions without a key and unknown keys', async () => {
    const client = createClient({
      url: pipeline.graphqlUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: `subscription { articleAdded { title } }` },
        {
          next: () => resolve('data'),
          error: (e) => resolve(String((e as { code?: number }).code ?? e)),
          complete: () => resolve('complete'),
        },
      );
    });
    expect(outcome).toBe('4403');
    await client.dispose();
    const bad = await gql(`{ stories { edges { node { id } } } }`, undefined, {
      'x-api-key': 'not-a-key-of-ours-000',
    });
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('rejects over-deep, over-large and malformed requests before touching the database', async () => {
    const deep =
      await gql(`{ articles { edges { node { duplicateOf { duplicateOf { duplicateOf { duplicateOf {
      duplicateOf { duplicateOf { duplicateOf { duplicateOf { duplicateOf { id } } } } } } } } } } } } }`);
    expect(deep.errors?.[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(deep.extensions?.sqlQueries ?? 0).toBe(0);

    const complex =
      await gql(`{ articles(first: 100) { edges { node { copies { mentions { entity { id } } }
      entities { entity { articles(first: 100) { edges { node { id } } } } } } } } }`);
    expect(complex.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(complex.extensions?.sqlQueries ?? 0).toBe(0);

    const large = await gql(`{ articles(first: 1000) { edges { cursor } } }`);
    expect(large.errors?.[0]).toMatchObject({
      message: 'first: must be at most 100',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });

    const malformed = await gql(`{ articles(first: "ten") { edges { cursor } } }`);
    expect(malformed.status).toBe(400);
    expect(malformed.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(malformed.extensions?.sqlQueries ?? 0).toBe(0);
    const cursor = await gql(`{ articles(after: "nope") { edges { cursor } } }`);
    expect(cursor.errors?.[0].message).toBe('after: is not a cursor returned by this API');
  });

  it('rate-limits each caller', async () => {
    const port = await freePort();
    let api: RunningService | undefined;
    try {
      api = await startService('api', {
        ...pipeline.env,
        API_PORT: String(port),
        API_RATE_LIMIT_PER_MINUTE: '3',
      });
      const url = `http://127.0.0.1:${port}/graphql`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await graphqlRequest(url, '{ stories { edges { cursor } } }')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await graphqlRequest(url, '{ stories { edges { cursor } } }');
      expect(limited.errors?.[0].extensions.code).toBe('RATE_LIMITED');
      expect(
        (
          await graphqlRequest(url, '{ stories { edges { cursor } } }', undefined, {
            'x-api-key': READ_KEY,
          })
        ).status,
      ).toBe(200);
    } finally {
      await api?.stop();
    }
  });
});
