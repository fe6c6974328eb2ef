import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { freePort, startService } from '@newsgraph/devstack';
import { searchVector } from '@newsgraph/fulltext';
import { Client } from 'pg';
import type { BenchSuite } from './index';

/** Bumped when the schema or the data changes, so an older dataset is rebuilt. */
const DATASET_VERSION = 3;

const VOCABULARY =
  'minister talks ceasefire border city election market shares storm flood court ruling police protest ' +
  'summit treaty army rebels aid refugees vaccine hospital bank inflation rates energy oil gas pipeline ' +
  'strike union factory exports tariffs budget parliament vote coalition opposition president governor';

/** Applies the project's migrations (a reused dataset gets new indexes too). */
function migrate(url: string): void {
  execFileSync(process.execPath, [join(__dirname, '../../../stack/dist/main.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: url, NODE_NO_WARNINGS: '1' },
    stdio: 'ignore',
  });
}

/**
 * Fills `newsgraph_bench_api` with N articles (default 1,000,000), each mentioning
 * 5 of 50,000 entities, in stories of 8, straight in SQL (the projector's speed is
 * its own suite). Reused when it already holds N articles.
 */
async function ensureDataset(url: string, n: number): Promise<string> {
  const admin = new Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const exists = (
    await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'newsgraph_bench_api'`)
  ).rowCount;
  await admin.end();
  if (exists) {
    const c = new Client({ connectionString: url });
    await c.connect();
    const have = await c
      .query(`SELECT value FROM bench_meta WHERE key = 'articles'`)
      .catch(() => ({ rows: [] }));
    await c.end();
    if (have.rows[0]?.value === `${n}:${DATASET_VERSION}`) {
      migrate(url);
      return 'reused';
    }
  }
  execFileSync('psql', [
    url.replace(/\/[^/]+$/, '/postgres'),
    '-qc',
    'DROP DATABASE IF EXISTS newsgraph_bench_api WITH (FORCE)',
  ]);
  migrate(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  const started = Date.now();
  await c.query(
    `INSERT INTO sources (id, name) SELECT 'source-' || i, 'Source ' || i FROM generate_series(1, 100) i`,
  );
  await c.query(`INSERT INTO entities (id, qid, name, type)
    SELECT 'Q' || i, 'Q' || i, 'Entity ' || i, (ARRAY['person','organisation','place'])[1 + i % 3]
    FROM generate_series(1, 50000) i`);
  await c.query(`INSERT INTO stories (id, title, first_seen_at, last_seen_at, article_count, source_count)
    SELECT 's-' || i, 'Story ' || i, timestamptz '2024-01-01' + (i * 8) * interval '30 seconds',
           timestamptz '2024-01-01' + (i * 8 + 7) * interval '30 seconds', 8, 8
    FROM generate_series(0, ${Math.ceil(n / 8)}) i`);
  // ~80-word bodies from the vocabulary, written in batches the way the projector
  // writes them: search vector built by libs/fulltext, mentions stored with their
  // article, five article_entities rows each.
  const words = VOCABULARY.split(' ');
  // mulberry32: 32-bit integer steps. (An LCG in floating point lost its low bits
  // past 2^53 and drew only ~10,000 of the 50,000 entities.)
  let x = 42;
  const rand = () => {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const t0 = Date.UTC(2024, 0, 1);
  const BATCH = 5000;
  for (let from = 0; from < n; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, n - from) }, (_, k) => {
      const i = from + k;
      const title = `Article ${i} on ${words[i % words.length]}`;
      const body = Array.from({ length: 80 }, () => words[Math.floor(rand() * words.length)]).join(
        ' ',
      );
      const entities = [
        ...new Set(Array.from({ length: 5 }, () => 1 + Math.floor(rand() * 50_000))),
      ];
      const mentions = entities.map((e, m) => ({
        start: m * 20,
        end: m * 20 + 8,
        entityId: `Q${e}`,
        surface: 'Entity',
        confidence: 0.9,
      }));
      return {
        id: i.toString(16).padStart(32, '0'),
        source: `source-${1 + (i % 100)}`,
        title,
        body,
        at: new Date(t0 + i * 30_000).toISOString(),
        story: `s-${Math.floor(i / 8)}`,
        search: searchVector(title, body, 'en'),
        mentions: JSON.stringify(mentions),
        entities: entities.map((e) => `Q${e}`),
      };
    });
    await c.query(
      `INSERT INTO articles (id, source_id, external_id, title, body, language, content_hash, published_at,
                             ingested_at, occurred_at, duplicate_kind, story_id, search, mentions)
       SELECT id, source, 'item-' || id, title, body, 'en', rpad(id, 64, '0'), at, at, at, 'unique', story,
              search::tsvector, mentions::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[])
         AS x(id, source, title, body, at, story, search, mentions)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.source),
        rows.map((r) => r.title),
        rows.map((r) => r.body),
        rows.map((r) => r.at),
        rows.map((r) => r.story),
        rows.map((r) => r.search),
        rows.map((r) => r.mentions),
      ],
    );
    const links = rows.flatMap((r) => r.entities.map((e) => [r.id, e, r.at] as const));
    await c.query(
      `INSERT INTO article_entities (article_id, entity_id, mention_count, salience, occurred_at)
       SELECT a, e, 1, 0.5, t FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS x(a, e, t)`,
      [links.map((l) => l[0]), links.map((l) => l[1]), links.map((l) => l[2])],
    );
  }
  await c.query(`INSERT INTO entity_aliases (entity_id, alias) SELECT id, name FROM entities`);
  // What the projector keeps per story and source (libs/projection).
  await c.query(`INSERT INTO story_sources (story_id, source_id, article_count, first_seen_at, last_seen_at)
    SELECT story_id, source_id, count(*), min(ingested_at), max(ingested_at) FROM articles GROUP BY 1, 2`);
  await c.query(`CREATE TABLE bench_meta (key text PRIMARY KEY, value text)`);
  await c.query(`INSERT INTO bench_meta VALUES ('articles', $1)`, [`${n}:${DATASET_VERSION}`]);
  await c.query('VACUUM ANALYZE');
  await c.end();
  return `generated in ${((Date.now() - started) / 1000).toFixed(0)} s`;
}

const MIX: {
  name: string;
  query: (i: number) => { query: string; variables?: Record<string, unknown> };
}[] = [
  {
    name: 'latest page',
    query: () => ({
      query:
        '{ articles(first: 20) { edges { node { id title source { name } story { title } } } } }',
    }),
  },
  {
    name: 'by entity',
    query: (i) => ({
      query:
        'query($e: ID!) { articles(first: 20, filter: { entityIds: [$e] }) { edges { node { id title entities { entity { name } } } } } }',
      variables: { e: `Q${1 + ((i * 7919) % 50000)}` },
    }),
  },
  {
    name: 'text search',
    query: (i) => ({
      query: 'query($q: String!) { search(query: $q, first: 10) { edges { node { id title } } } }',
      variables: { q: ['ceasefire talks', 'flood', 'vaccine hospital', 'oil pipeline'][i % 4] },
    }),
  },
  {
    name: 'entity co-mentions',
    query: (i) => ({
      query:
        'query($q: String!) { entity(qid: $q) { name articleCount coMentioned(first: 10) { entity { name } count } } }',
      variables: { q: `Q${1 + ((i * 104729) % 50000)}` },
    }),
  },
  {
    name: 'stories',
    query: () => ({
      query:
        '{ stories(first: 10) { edges { node { title topEntities { entity { name } count } sources { name } } } } }',
    }),
  },
];

// node:http with one kept-alive connection per client: the load generator shares
// the two cores with the api and Postgres, and fetch cost it ~0.55 ms of CPU per
// request against ~0.25 ms for this.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const CONCURRENCY = 16;

/** The dataset's database (built or reused) and its description. */
export async function benchDatabase(): Promise<{ url: string; n: number; dataset: string }> {
  const n = Number(process.env.BENCH_API_ARTICLES ?? 1_000_000);
  const base = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  base.pathname = '/newsgraph_bench_api';
  return { url: base.toString(), n, dataset: await ensureDataset(base.toString(), n) };
}

/**
 * The standard mix at concurrency 16 against a GraphQL endpoint: unmeasured load
 * first (JIT and Postgres's caches reach steady state), then p50/p95/p99.
 */
export async function loadMix(url: string, serverPid?: number): Promise<string[]> {
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 30);
  const warmup = Number(process.env.BENCH_API_WARMUP_SECONDS ?? 10);
  const timings = new Map<string, number[]>(MIX.map((m) => [m.name, []]));
  let errors = 0;
  let counter = 0;
  const measureFrom = Date.now() + warmup * 1000;
  const deadline = measureFrom + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const i = counter++;
      const item = MIX[i % MIX.length]!;
      const t = process.hrtime.bigint();
      const res = await post(url, JSON.stringify(item.query(i)));
      const body = JSON.parse(res.body) as { errors?: unknown[] };
      if (res.status !== 200 || body.errors) errors++;
      if (Date.now() > measureFrom)
        timings.get(item.name)!.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  // The server's CPU over the measured part, from /proc (utime + stime).
  const cpu = () => {
    const stat = readFileSync(`/proc/${serverPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  let cpuFrom = 0;
  const sampler = serverPid
    ? setTimeout(() => (cpuFrom = cpu()), measureFrom - Date.now())
    : undefined;
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearTimeout(sampler);
  const cpuUsed = serverPid ? cpu() - cpuFrom : 0;
  const all = [...timings.values()].flat().sort((a, b) => a - b);
  const lines = [
    `load: ${CONCURRENCY} concurrent clients for ${seconds} s after ${warmup} s of warm-up, ${all.length} requests (${(all.length / seconds).toFixed(0)}/s), ${errors} errors`,
    `all: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms`,
    ...(serverPid
      ? [`server process: ${((cpuUsed * 1000) / all.length).toFixed(2)} ms of CPU per request`]
      : []),
  ];
  for (const [name, list] of timings) {
    const sorted = list.sort((a, b) => a - b);
    lines.push(
      `  ${name}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms (${sorted.length} requests)`,
    );
  }
  return lines;
}

/** p50/p95/p99 of a standard query mix at concurrency 16 against the real api process. */
export const apiSuite: BenchSuite = async () => {
  const { url: databaseUrl, n, dataset } = await benchDatabase();
  const port = await freePort();
  const api = await startService(
    'api',
    {
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_MINUTE: '100000000',
      // As deployed (the Dockerfile sets it): graphql-js skips its development checks.
      NODE_ENV: 'production',
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the api's time goes.
      NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS ?? '',
    },
    { output: () => undefined },
  );
  try {
    return [
      `dataset: ${n} articles, 5 entities each, 50,000 entities (${dataset})`,
      ...(await loadMix(`http://127.0.0.1:${port}/graphql`, api.child.pid)),
    ];
  } finally {
    await api.stop();
  }
};
