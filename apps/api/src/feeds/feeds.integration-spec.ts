import { freePort, startService, type RunningService } from '@newsgraph/devstack';

// Feed administration over GraphQL, against the built api and the run's database.

const ADMIN = 'admin-key-0123456789abcdef';
const READER = 'read-key-0123456789abcdef';

describe('GraphQL feed administration', () => {
  let api: RunningService;
  let gql: (
    query: string,
    variables?: object,
    key?: string | null,
  ) => Promise<{ data?: any; errors?: any[] }>;
  const feedFields = 'id url title status errorCount lastError itemsPublished nextPollAt';

  beforeAll(async () => {
    const port = await freePort();
    const output: string[] = [];
    api = await startService(
      'api',
      { API_PORT: String(port), API_ADMIN_KEYS: ADMIN, API_READ_KEYS: READER, LOG_LEVEL: 'warn' },
      { output: (line) => output.push(line) },
    );
    gql = async (query, variables, key = ADMIN) => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: any; errors?: any[] };
    };
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('needs the admin key, for queries too', async () => {
    const anonymous = await gql('{ feeds { id } }', undefined, null);
    expect(anonymous.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const reader = await gql('{ exportOpml }', undefined, READER);
    expect(reader.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const mutation = await gql(
      'mutation { addFeed(url: "https://a.example/rss") { id } }',
      undefined,
      READER,
    );
    expect(mutation.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('adds, pauses, resumes, lists and removes feeds', async () => {
    const added = await gql(
      `mutation ($url: String!) { addFeed(url: $url, title: "Example") { ${feedFields} } }`,
      { url: 'HTTPS://News.Example.com/rss#latest' },
    );
    expect(added.errors).toBeUndefined();
    const feed = added.data.addFeed;
    expect(feed).toMatchObject({
      url: 'https://news.example.com/rss',
      title: 'Example',
      status: 'active',
      errorCount: 0,
      lastError: null,
      itemsPublished: 0,
    });
    const again = await gql(`mutation { addFeed(url: "https://news.example.com/rss") { id } }`);
    expect(again.data.addFeed.id).toBe(feed.id);

    const paused = await gql(`mutation ($id: ID!) { pauseFeed(id: $id) { status } }`, {
      id: feed.id,
    });
    expect(paused.data.pauseFeed.status).toBe('paused');
    const listed = await gql(`{ feeds(status: paused) { id } }`);
    expect(listed.data.feeds).toEqual([{ id: feed.id }]);
    const resumed = await gql(`mutation ($id: ID!) { resumeFeed(id: $id) { status } }`, {
      id: feed.id,
    });
    expect(resumed.data.resumeFeed.status).toBe('active');

    expect((await gql(`mutation { removeFeed(id: "${feed.id}") }`)).data.removeFeed).toBe(true);
    expect((await gql(`mutation { removeFeed(id: "${feed.id}") }`)).data.removeFeed).toBe(false);
  });

  it('explains bad input', async () => {
    const bad = await gql(`mutation { addFeed(url: "file:///etc/passwd") { id } }`);
    expect(bad.errors?.[0]).toMatchObject({
      message: 'url: invalid feed URL "file:///etc/passwd": scheme "file" is not http(s)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const missing = await gql(`mutation { pauseFeed(id: "nope") { id } }`);
    expect(missing.errors?.[0]).toMatchObject({
      message: 'no feed with id "nope"',
      extensions: { code: 'NOT_FOUND' },
    });
    const notOpml = await gql(`mutation { importOpml(opml: "<rss/>") { added } }`);
    expect(notOpml.errors?.[0]).toMatchObject({
      message: 'opml: invalid OPML: no <opml> element',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('imports and exports OPML', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><body>
      <outline text="World"><outline text="One" xmlUrl="https://one.example/feed"/>
        <outline text="Two &amp; more" xmlUrl="https://two.example/atom?a=1&amp;b=2"/></outline>
      <outline text="Bad" xmlUrl="javascript:alert(1)"/>
    </body></opml>`;
    const imported = await gql(
      `mutation ($opml: String!) { importOpml(opml: $opml) { added existing invalid { url reason } } }`,
      { opml },
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importOpml).toEqual({
      added: 2,
      existing: 0,
      invalid: [{ url: 'javascript:alert(1)', reason: expect.stringMatching(/not http/) }],
    });
    const twice = await gql(
      `mutation ($opml: String!) { importOpml(opml: $opml) { added existing } }`,
      {
        opml,
      },
    );
    expect(twice.data.importOpml).toEqual({ added: 0, existing: 2 });

    const exported = await gql('{ exportOpml }');
    expect(exported.data.exportOpml).toContain('xmlUrl="https://two.example/atom?a=1&amp;b=2"');
    expect(exported.data.exportOpml).toContain('title="Two &amp; more"');
    const titles = await gql('{ feeds { url title } }');
    expect(titles.data.feeds).toEqual(
      expect.arrayContaining([{ url: 'https://one.example/feed', title: 'One' }]),
    );
  });
});
