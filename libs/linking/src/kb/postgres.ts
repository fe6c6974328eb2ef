import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DEFAULT_KB_PATH } from '../default-kb/default-kb';
import { KnowledgeIndex, KnowledgeIndexBuilder } from '../index/knowledge-index';
import { snapshotChunks, snapshotFromBytes } from '../index/snapshot';
import { readKbFile, type KbFileReport } from './kb-file';
import type { KbRecord, KbRecordSink } from './record';
import type { WikidataImportOptions } from './wikidata';

/**
 * The knowledge base in Postgres (prisma/schema/kb.prisma): one generation per
 * import, records in kb_entities and their names in kb_names (bulk COPY), and the
 * index built from them in kb_index_chunks. Readers load the newest ready
 * generation inside one REPEATABLE READ transaction: the prebuilt index when the
 * generation has one (seconds), else the rows, from which they build it.
 */

/** Bytes per kb_index_chunks row. */
const CHUNK_BYTES = 16 << 20;
/** Rows buffered before a write to a COPY stream. */
const COPY_BATCH_CHARS = 1 << 18;
/** Serialises imports (pg_advisory_lock key). */
const IMPORT_LOCK = 0x6b620001;
const MAX_NAMES_PER_RECORD = 32_767; // kb_names.ord is a smallint

export interface KbImportOptions extends WikidataImportOptions {
  /** Also store the knowledge base shipped with the project (default true), after the files. */
  withDefaultKb?: boolean;
  /** Build the index and store it with the generation (default true). */
  buildIndex?: boolean;
  /** Progress messages. */
  log?: (message: string) => void;
}

export interface KbImportReport {
  generation: number;
  files: { path: string; report: KbFileReport }[];
  /** Records stored (records with the same id merge into one entity when loaded). */
  records: number;
  names: number;
  malformed: number;
  skipped: number;
  indexBytes: number;
  /** Older generations deleted once this one was ready. */
  replaced: number[];
  seconds: { copy: number; index: number; total: number };
}

export interface PostgresKnowledgeBase {
  index: KnowledgeIndex;
  generation: number;
  /** Whether the prebuilt index was loaded or the index was built from the rows. */
  from: 'index' | 'rows';
  records: number;
  names: number;
  seconds: number;
}

export interface PostgresLoadOptions {
  /** Build the index from the rows even when the generation has a prebuilt one. */
  fromRows?: boolean;
  connectionTimeoutMs?: number;
}

export interface KbGenerationInfo {
  id: number;
  status: 'loading' | 'ready';
  sources: string[];
  records: number;
  names: number;
  malformed: number;
  indexBytes: number;
  startedAt: Date;
  readyAt: Date | null;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

async function connect(databaseUrl: string, connectionTimeoutMillis = 10_000): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis });
  await client.connect();
  return client;
}

// COPY text format: backslash, newline, carriage return and tab are escaped; NUL
// cannot be stored in a text column at all.
const COPY_SPECIAL = /[\\\n\r\t\0]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t\0]/g;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '',
};
const copyText = (s: string): string =>
  COPY_SPECIAL.test(s) ? s.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]!) : s;
const copyNullable = (s: string | null | undefined): string =>
  typeof s === 'string' ? copyText(s) : '\\N';
/** A text[] literal: every element quoted, `"` and `\` backslash-escaped. */
const copyTextArray = (values: readonly unknown[]): string =>
  copyText(
    `{${values
      .filter((v): v is string => typeof v === 'string')
      .map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`)
      .join(',')}}`,
  );
const int32 = (n: unknown): number =>
  typeof n === 'number' && Number.isFinite(n)
    ? Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(n)))
    : 0;

/** Lines written to a COPY FROM STDIN stream in batches, with backpressure. */
class CopyWriter {
  private lines: string[] = [];
  private chars = 0;
  rows = 0;

  constructor(private readonly stream: Writable) {}

  async push(line: string): Promise<void> {
    this.lines.push(line);
    this.chars += line.length;
    this.rows++;
    if (this.chars >= COPY_BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    this.chars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** Writes records as kb_entities and kb_names rows of one generation. */
class RowSink implements KbRecordSink {
  private key = 0;
  skipped = 0;

  constructor(
    private readonly generation: number,
    private readonly entities: CopyWriter,
    private readonly names: CopyWriter,
  ) {}

  async add(record: KbRecord): Promise<void> {
    // The index drops records whose id or name has a NUL (see KnowledgeIndexBuilder.add).
    if (
      typeof record.id !== 'string' ||
      typeof record.name !== 'string' ||
      record.id.includes('\0') ||
      record.name.includes('\0')
    ) {
      this.skipped++;
      return;
    }
    const g = this.generation;
    const key = this.key++;
    const classes = Array.isArray(record.classes) ? record.classes : [];
    const prior =
      typeof record.popularity === 'number' && Number.isFinite(record.popularity)
        ? record.popularity
        : 0;
    await this.entities.push(
      `${g}\t${key}\t${copyText(record.id)}\t${copyNullable(record.qid)}\t${copyText(record.name)}\t${copyText(String(record.type))}\t${copyTextArray(classes)}\t${copyNullable(record.description)}\t${prior}\t${int32(record.sitelinks)}\n`,
    );
    let ord = 0;
    for (const name of record.names) {
      if (ord >= MAX_NAMES_PER_RECORD) break;
      if (typeof name?.value !== 'string') continue;
      const kind = name.kind === 'label' ? 'label' : 'alias';
      const lang = typeof name.lang === 'string' ? name.lang : '';
      await this.names.push(
        `${g}\t${key}\t${ord++}\t${copyText(name.value)}\t${copyText(lang)}\t${kind}\n`,
      );
    }
  }
}

/**
 * Imports knowledge-base files (any format `readKbFile` reads: Wikidata dumps,
 * record files, the fixture list; plain, gzip or bzip2) into a new generation,
 * then the shipped default KB unless `withDefaultKb` is false; builds the index
 * from the stored rows; marks the generation ready and deletes older ones.
 * A malformed line is counted and reported with its number; the import goes on.
 * Re-importing the same files gives the same knowledge base.
 */
export async function importKnowledgeBaseToPostgres(
  databaseUrl: string,
  paths: string[],
  options: KbImportOptions = {},
): Promise<KbImportReport> {
  const started = process.hrtime.bigint();
  const log = options.log ?? (() => undefined);
  const main = await connect(databaseUrl);
  const second = await connect(databaseUrl);
  let generation = -1;
  let ready = false;
  try {
    const locked = await main.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      IMPORT_LOCK,
    ]);
    if (!locked.rows[0]?.ok) throw new Error('another knowledge-base import is running');
    const files = options.withDefaultKb === false ? paths : [...paths, DEFAULT_KB_PATH];
    const created = await main.query<{ id: number }>(
      'INSERT INTO kb_generations (sources) VALUES ($1) RETURNING id',
      [files],
    );
    generation = created.rows[0]!.id;
    log(`generation ${generation}: copying records`);

    const entityStream = main.query(
      copyFrom(
        'COPY kb_entities (generation, key, id, qid, name, type, classes, description, prior, sitelinks) FROM STDIN',
      ),
    );
    const nameStream = second.query(
      copyFrom('COPY kb_names (generation, entity_key, ord, value, lang, kind) FROM STDIN'),
    );
    // A failed COPY fails the import (rather than leaving a writer waiting for 'drain').
    let copyError: Error | null = null;
    const onError = (error: Error) => {
      copyError ??= error;
      // With the error, so that a writer waiting for 'drain' on either stream stops.
      entityStream.destroy(copyError);
      nameStream.destroy(copyError);
    };
    entityStream.on('error', onError);
    nameStream.on('error', onError);
    const entities = new CopyWriter(entityStream);
    const names = new CopyWriter(nameStream);
    const sink = new RowSink(generation, entities, names);
    const reports: KbImportReport['files'] = [];
    try {
      for (const path of files) {
        const report = await readKbFile(path, sink, {
          ...options,
          onMalformed: (issue) => {
            log(`${path}:${issue.line}: malformed line skipped (${issue.message})`);
            options.onMalformed?.(issue);
          },
        });
        reports.push({ path, report });
        log(
          `${path}: ${report.records} records, ${report.skipped} skipped, ${report.malformed} malformed line(s)`,
        );
      }
      await Promise.all([entities.end(), names.end()]);
    } catch (error) {
      throw copyError ?? error;
    }
    if (copyError) throw copyError;
    const copySeconds = seconds(started);
    log(`copied ${entities.rows} records, ${names.rows} names in ${copySeconds.toFixed(1)} s`);

    const indexStarted = process.hrtime.bigint();
    let chunks: Buffer[] = [];
    if (options.buildIndex !== false) {
      await main.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { index } = await buildFromRows(main, generation);
      await main.query('COMMIT');
      chunks = snapshotChunks(index);
    }
    const malformed = reports.reduce((n, r) => n + r.report.malformed, 0);
    await main.query('BEGIN');
    const indexBytes = await storeIndex(main, generation, chunks);
    await main.query(
      `UPDATE kb_generations SET status = 'ready', ready_at = now(), entities = $2, names = $3,
         malformed = $4, index_bytes = $5 WHERE id = $1`,
      [generation, entities.rows, names.rows, malformed, indexBytes],
    );
    await main.query('COMMIT');
    ready = true;
    const indexSeconds = seconds(indexStarted);
    if (indexBytes)
      log(`index: ${(indexBytes / 2 ** 20).toFixed(0)} MB in ${indexSeconds.toFixed(1)} s`);

    const replaced = await deleteGenerationsBefore(main, generation);
    return {
      generation,
      files: reports,
      records: entities.rows,
      names: names.rows,
      malformed,
      skipped: sink.skipped + reports.reduce((n, r) => n + r.report.skipped, 0),
      indexBytes,
      replaced,
      seconds: { copy: copySeconds, index: indexSeconds, total: seconds(started) },
    };
  } finally {
    // Ending the sessions also aborts an unfinished COPY or transaction.
    await Promise.all([main.end(), second.end()]).catch(() => undefined);
    if (generation >= 0 && !ready) {
      // Leave nothing half-written behind (a reader never takes a loading generation).
      const cleanup = await connect(databaseUrl).catch(() => null);
      if (cleanup) {
        await deleteGeneration(cleanup, generation).catch(() => undefined);
        await cleanup.end().catch(() => undefined);
      }
    }
  }
}

/** Rebuilds and stores the index of the current generation (after a linker upgrade). */
export async function reindexKnowledgeBase(
  databaseUrl: string,
): Promise<{ generation: number; indexBytes: number; seconds: number } | null> {
  const started = process.hrtime.bigint();
  const client = await connect(databaseUrl);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const current = await currentGeneration(client);
    if (!current) {
      await client.query('ROLLBACK');
      return null;
    }
    const { index } = await buildFromRows(client, current.id);
    await client.query('DELETE FROM kb_index_chunks WHERE generation = $1', [current.id]);
    const indexBytes = await storeIndex(client, current.id, snapshotChunks(index));
    await client.query('UPDATE kb_generations SET index_bytes = $2 WHERE id = $1', [
      current.id,
      indexBytes,
    ]);
    await client.query('COMMIT');
    return { generation: current.id, indexBytes, seconds: seconds(started) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * The index of the newest ready generation, or null when there is none. The
 * generation's prebuilt index is loaded when it has one, else the index is built
 * from its rows; either way from one consistent snapshot of the tables.
 */
export async function loadKnowledgeBaseFromPostgres(
  databaseUrl: string,
  options: PostgresLoadOptions = {},
): Promise<PostgresKnowledgeBase | null> {
  const started = process.hrtime.bigint();
  const client = await connect(databaseUrl, options.connectionTimeoutMs);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const current = await currentGeneration(client);
    if (!current) return null;
    let index: KnowledgeIndex;
    let from: PostgresKnowledgeBase['from'];
    if (current.indexBytes > 0 && !options.fromRows) {
      index = await readIndex(client, current.id, current.indexBytes);
      from = 'index';
    } else {
      index = (await buildFromRows(client, current.id)).index;
      from = 'rows';
    }
    return {
      index,
      generation: current.id,
      from,
      records: current.records,
      names: current.names,
      seconds: seconds(started),
    };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** The generations in the tables, newest first. */
export async function listKbGenerations(databaseUrl: string): Promise<KbGenerationInfo[]> {
  const client = await connect(databaseUrl);
  try {
    const result = await client.query<{
      id: number;
      status: 'loading' | 'ready';
      sources: string[] | null;
      entities: number;
      names: number;
      malformed: number;
      index_bytes: string;
      started_at: Date;
      ready_at: Date | null;
    }>('SELECT * FROM kb_generations ORDER BY id DESC');
    return result.rows.map((r) => ({
      id: r.id,
      status: r.status,
      sources: r.sources ?? [],
      records: r.entities,
      names: r.names,
      malformed: r.malformed,
      indexBytes: Number(r.index_bytes),
      startedAt: r.started_at,
      readyAt: r.ready_at,
    }));
  } finally {
    await client.end();
  }
}

async function currentGeneration(
  client: Client,
): Promise<{ id: number; indexBytes: number; records: number; names: number } | null> {
  const result = await client.query<{
    id: number;
    index_bytes: string;
    entities: number;
    names: number;
  }>(
    `SELECT id, index_bytes, entities, names FROM kb_generations
      WHERE status = 'ready' ORDER BY id DESC LIMIT 1`,
  );
  const row = result.rows[0];
  return row
    ? { id: row.id, indexBytes: Number(row.index_bytes), records: row.entities, names: row.names }
    : null;
}

/** Reads a generation's records in import order into a new index. */
async function buildFromRows(
  client: Client,
  generation: number,
): Promise<{ index: KnowledgeIndex; records: number }> {
  if (!Number.isSafeInteger(generation)) throw new Error(`bad generation ${generation}`);
  const builder = new KnowledgeIndexBuilder();
  // One JSON object per record, in the KbRecord shape. COPY's text format then
  // only doubles backslashes: JSON text has no raw tabs or line breaks.
  const stream = client.query(
    copyTo(`COPY (
      SELECT json_build_object(
        'id', e.id, 'qid', e.qid, 'name', e.name, 'type', e.type,
        'classes', coalesce(e.classes, '{}'), 'description', e.description,
        'popularity', e.prior, 'sitelinks', e.sitelinks,
        'names', coalesce(n.names, '[]'::json))
      FROM kb_entities e
      LEFT JOIN (
        SELECT entity_key,
               json_agg(json_build_object('value', value, 'lang', lang, 'kind', kind) ORDER BY ord) AS names
          FROM kb_names WHERE generation = ${generation} GROUP BY entity_key
      ) n ON n.entity_key = e.key
      WHERE e.generation = ${generation}
      ORDER BY e.key
    ) TO STDOUT`),
  );
  let records = 0;
  for await (const line of copyLines(stream)) {
    builder.add(JSON.parse(line.replaceAll('\\\\', '\\')) as KbRecord);
    records++;
  }
  return { index: builder.build(), records };
}

/** The lines of a COPY TO STDOUT stream (text format: a raw line feed ends a row). */
async function* copyLines(stream: Readable): AsyncGenerator<string> {
  let rest: Buffer | null = null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const data: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(10, start); end >= 0; end = data.indexOf(10, start)) {
      yield data.toString('utf8', start, end);
      start = end + 1;
    }
    rest = start < data.length ? data.subarray(start) : null;
  }
  if (rest) yield rest.toString('utf8');
}

/** Stores snapshot chunks as kb_index_chunks rows of CHUNK_BYTES; returns the bytes stored. */
async function storeIndex(client: Client, generation: number, chunks: Buffer[]): Promise<number> {
  let seq = 0;
  let total = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await client.query('INSERT INTO kb_index_chunks (generation, seq, data) VALUES ($1, $2, $3)', [
      generation,
      seq++,
      Buffer.concat(pending, pendingBytes),
    ]);
    total += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length;) {
      const take = Math.min(chunk.length - at, CHUNK_BYTES - pendingBytes);
      pending.push(chunk.subarray(at, at + take));
      pendingBytes += take;
      at += take;
      if (pendingBytes === CHUNK_BYTES) await flush();
    }
  }
  await flush();
  return total;
}

/** Reads a generation's prebuilt index into one buffer (binary COPY: the bytes as stored). */
async function readIndex(
  client: Client,
  generation: number,
  bytes: number,
): Promise<KnowledgeIndex> {
  if (!Number.isSafeInteger(generation)) throw new Error(`bad generation ${generation}`);
  const label = `knowledge base generation ${generation}`;
  // One allocation of its own: 8-aligned, so the index's typed arrays are views of it.
  const buffer = Buffer.allocUnsafeSlow(bytes);
  const stream = client.query(
    copyTo(
      `COPY (SELECT data FROM kb_index_chunks WHERE generation = ${generation} ORDER BY seq) TO STDOUT (FORMAT binary)`,
    ),
  );
  const at = await copyBinaryColumn(stream, buffer, label);
  if (at !== bytes) throw new Error(`${label}: index has ${at} of ${bytes} bytes`);
  return snapshotFromBytes(buffer, label);
}

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Concatenates the values of a one-column binary COPY stream into `out`
 * (format: signature, flags, header extension; per row a field count, then
 * length-prefixed values; -1 as the field count ends it). Returns the bytes written.
 */
async function copyBinaryColumn(stream: Readable, out: Buffer, label: string): Promise<number> {
  let at = 0;
  // Framing bytes not yet consumed (never more than a few), and the value bytes still due.
  let head = Buffer.alloc(0);
  let value = 0;
  let state: 'signature' | 'extension' | 'row' | 'length' | 'end' = 'signature';
  let extension = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let data = chunk;
    while (data.length > 0) {
      if (value > 0) {
        const n = Math.min(value, data.length);
        if (at + n > out.length) throw new Error(`${label}: index larger than recorded`);
        data.copy(out, at, 0, n);
        at += n;
        value -= n;
        data = data.subarray(n);
        continue;
      }
      const need =
        state === 'signature' ? 19 : state === 'extension' ? extension : state === 'row' ? 2 : 4;
      if (state === 'end') break;
      const take = Math.min(need - head.length, data.length);
      head = Buffer.concat([head, data.subarray(0, take)]);
      data = data.subarray(take);
      if (head.length < need) break;
      if (state === 'signature') {
        if (!head.subarray(0, 11).equals(COPY_SIGNATURE))
          throw new Error(`${label}: not a binary COPY`);
        extension = head.readInt32BE(15);
        state = extension > 0 ? 'extension' : 'row';
      } else if (state === 'extension') {
        state = 'row';
      } else if (state === 'row') {
        const fields = head.readInt16BE(0);
        if (fields === -1) state = 'end';
        else if (fields !== 1) throw new Error(`${label}: expected one column, got ${fields}`);
        else state = 'length';
      } else {
        value = head.readInt32BE(0);
        if (value < 0) throw new Error(`${label}: index chunk is NULL`);
        state = 'row';
      }
      head = Buffer.alloc(0);
    }
  }
  if (state !== 'end') throw new Error(`${label}: index read cut short`);
  return at;
}

async function deleteGeneration(client: Client, generation: number): Promise<void> {
  await client.query('DELETE FROM kb_index_chunks WHERE generation = $1', [generation]);
  await client.query('DELETE FROM kb_names WHERE generation = $1', [generation]);
  await client.query('DELETE FROM kb_entities WHERE generation = $1', [generation]);
  await client.query('DELETE FROM kb_generations WHERE id = $1', [generation]);
}

/** Deletes the generations older than `generation` (readers that began before keep their snapshot). */
async function deleteGenerationsBefore(client: Client, generation: number): Promise<number[]> {
  const old = await client.query<{ id: number }>(
    'SELECT id FROM kb_generations WHERE id < $1 ORDER BY id',
    [generation],
  );
  for (const { id } of old.rows) await deleteGeneration(client, id);
  return old.rows.map((r) => r.id);
}
