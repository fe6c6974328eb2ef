import { createServer } from 'node:net';
import { Client } from 'pg';

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export const PROJECTED_TABLES = [
  'sources',
  'articles',
  'stories',
  'story_sources',
  'entities',
  'entity_aliases',
  'article_entities',
  'story_moves',
] as const;

/**
 * Columns that record the order in which decisions arrived (sequence offsets,
 * and the story title that the newest decision brought), not what the rows
 * say: two runs of one input with different interleavings differ only there.
 */
export const ORDER_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  articles: ['story_revision'],
  stories: ['title_revision', 'title'],
  story_moves: ['revision'],
};

/**
 * Row count and an order-independent checksum of every projected table,
 * leaving out the `ignore`d columns of each table.
 */
export async function tableChecksums(
  databaseUrl: string,
  tables: readonly string[] = PROJECTED_TABLES,
  ignore: Readonly<Record<string, readonly string[]>> = {},
): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const table of tables) {
      const dropped = (ignore[table] ?? []).map((c) => ` - '${c.replace(/'/g, "''")}'`).join('');
      const row = dropped ? `(to_jsonb(t)${dropped})::text` : 't::text';
      const { rows } = await client.query<{ rows: number; md5: string | null }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS md5 FROM "${table}" t`,
      );
      out[table] = { rows: rows[0]!.rows, md5: rows[0]!.md5 ?? '' };
    }
    return out;
  } finally {
    await client.end();
  }
}
