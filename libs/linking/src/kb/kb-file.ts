import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { readJsonEntities, type ReadReport } from './json-lines';
import { recordFromLegacy, type KbRecord, type KbRecordSink, type LegacyKbEntity } from './record';
import { recordFromWikidata, type SkipReason, type WikidataImportOptions } from './wikidata';

export interface KbFileReport extends ReadReport {
  records: number;
  skipped: number;
  skipReasons: Partial<Record<SkipReason | 'unknown-shape', number>>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads any knowledge-base file this library knows into `sink`, one object at a
 * time: Wikidata entities (dump or API format), `KbRecord` lines as written by
 * `writeKbFile`, or the walking skeleton's `{id, qid, name, type, aliases}` list;
 * plain, gzip or bzip2.
 */
export async function readKbFile(
  path: string,
  sink: KbRecordSink,
  options: WikidataImportOptions = {},
): Promise<KbFileReport> {
  let records = 0;
  let skipped = 0;
  const skipReasons: KbFileReport['skipReasons'] = {};
  const read = await readJsonEntities(path, options, async (entity) => {
    let record: KbRecord | SkipReason | 'unknown-shape';
    if (!isObject(entity)) record = 'unknown-shape';
    else if ('labels' in entity && 'type' in entity) record = recordFromWikidata(entity, options);
    else if (Array.isArray(entity.names) && typeof entity.id === 'string')
      record = entity as unknown as KbRecord;
    else if (Array.isArray(entity.aliases) && typeof entity.name === 'string') {
      record = recordFromLegacy(entity as unknown as LegacyKbEntity);
    } else record = 'unknown-shape';
    if (typeof record === 'string') {
      skipped++;
      skipReasons[record] = (skipReasons[record] ?? 0) + 1;
      return;
    }
    records++;
    await sink.add(record);
  });
  return { ...read, records, skipped, skipReasons };
}

/** Writes records as JSON lines, gzip-compressed when the path ends in .gz. */
export async function writeKbFile(
  path: string,
  records: Iterable<KbRecord> | AsyncIterable<KbRecord>,
): Promise<number> {
  const file = createWriteStream(path);
  const gzip = path.endsWith('.gz') ? createGzip({ level: 9 }) : null;
  const out = gzip ?? file;
  if (gzip) gzip.pipe(file);
  let n = 0;
  for await (const record of records) {
    if (!out.write(JSON.stringify(record) + '\n')) await once(out, 'drain');
    n++;
  }
  out.end();
  await once(file, 'close');
  return n;
}
