import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KnowledgeIndexBuilder } from './index/knowledge-index';
import { saveSnapshot } from './index/snapshot';
import { readKbFile } from './kb/kb-file';
import { writeKbFile } from './kb/kb-file';
import { loadKnowledgeBase } from './kb/load';
import type { KbRecord } from './kb/record';
import { DEFAULT_KB_PATH } from './default-kb/default-kb';
import { importWikidata, type WikidataImportOptions } from './kb/wikidata';
import {
  importKnowledgeBaseToPostgres,
  listKbGenerations,
  loadKnowledgeBaseFromPostgres,
  reindexKnowledgeBase,
} from './kb/postgres';
import { EntityLinker } from './linker/entity-linker';

const USAGE = `usage:
  linking import-wikidata <dump.json[.gz|.bz2]> <out.jsonl.gz> [filters]
      Wikidata dump → knowledge-base records (what a database loader reads).
  linking build-index <out.ngkb> <kb-file>... [--no-default-kb] [filters]
      Knowledge-base files (records, Wikidata JSON, the fixture list) → a
      prebuilt index the linker loads in seconds.
  linking link <kb-file> <text-file>
      Prints the entities of a text as JSON.
  linking db-import <kb-file>... [--no-default-kb] [--no-index] [filters]
      Knowledge-base files (+ the default KB) → a new generation in Postgres
      (DATABASE_URL) with its prebuilt index; replaces the previous generation.
  linking db-status | db-reindex | db-load [--from-rows]
      The generations stored; rebuild the current one's index (after upgrading
      the linker); load it as the entity-linker does and print the time.
filters: --languages en,de,… --min-sitelinks N --include-classes Q5,… --exclude-classes Q…,…
`;

function filters(values: Record<string, string | boolean | undefined>): WikidataImportOptions {
  const list = (v: unknown) =>
    typeof v === 'string' && v ? v.split(',').map((x) => x.trim()) : undefined;
  return {
    languages: list(values.languages),
    includeClasses: list(values['include-classes']),
    excludeClasses: list(values['exclude-classes']),
    minSitelinks:
      typeof values['min-sitelinks'] === 'string' ? Number(values['min-sitelinks']) : undefined,
    onMalformed: (issue) =>
      process.stderr.write(`line ${issue.line}: malformed, skipped (${issue.message})\n`),
  };
}

const databaseUrl = () =>
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/newsgraph';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      languages: { type: 'string' },
      'min-sitelinks': { type: 'string' },
      'include-classes': { type: 'string' },
      'exclude-classes': { type: 'string' },
      'no-default-kb': { type: 'boolean' },
      'no-index': { type: 'boolean' },
      'from-rows': { type: 'boolean' },
    },
  });
  const [command, ...args] = positionals;
  const options = filters(values);
  if (command === 'import-wikidata' && args.length === 2) {
    const records: KbRecord[] = [];
    const report = await importWikidata(args[0]!, { add: (r) => void records.push(r) }, options);
    await writeKbFile(args[1]!, records);
    process.stdout.write(
      `${JSON.stringify({ ...report, malformedLines: report.malformedLines.slice(0, 10) })}\n`,
    );
  } else if (command === 'build-index' && args.length >= 2) {
    const builder = new KnowledgeIndexBuilder();
    const files = values['no-default-kb'] ? args.slice(1) : [...args.slice(1), DEFAULT_KB_PATH];
    for (const file of files) {
      const report = await readKbFile(file, builder, options);
      process.stdout.write(
        `${file}: ${report.records} records, ${report.skipped} skipped, ${report.malformed} malformed\n`,
      );
    }
    const index = builder.build();
    await saveSnapshot(index, args[0]!);
    process.stdout.write(`${args[0]}: ${JSON.stringify(index.stats)}\n`);
  } else if (command === 'link' && args.length === 2) {
    const { index } = await loadKnowledgeBase([args[0]!], {
      ...options,
      withDefaultKb: !values['no-default-kb'],
    });
    const text = await readFile(args[1]!, 'utf8');
    process.stdout.write(`${JSON.stringify(new EntityLinker(index).link(text), null, 2)}\n`);
  } else if (command === 'db-import' && args.length >= 1) {
    const report = await importKnowledgeBaseToPostgres(databaseUrl(), args, {
      ...options,
      onMalformed: undefined, // reported through `log`, with the file's name
      withDefaultKb: !values['no-default-kb'],
      buildIndex: !values['no-index'],
      log: (message) => process.stderr.write(`${message}\n`),
    });
    const files = report.files.map(({ path, report: r }) => ({
      path,
      records: r.records,
      skipped: r.skipped,
      malformed: r.malformed,
      malformedLines: r.malformedLines.slice(0, 10),
    }));
    process.stdout.write(`${JSON.stringify({ ...report, files }, null, 2)}\n`);
  } else if (command === 'db-status' && args.length === 0) {
    process.stdout.write(`${JSON.stringify(await listKbGenerations(databaseUrl()), null, 2)}\n`);
  } else if (command === 'db-reindex' && args.length === 0) {
    const done = await reindexKnowledgeBase(databaseUrl());
    if (!done) throw new Error('no ready knowledge base in Postgres');
    process.stdout.write(`${JSON.stringify(done)}\n`);
  } else if (command === 'db-load' && args.length === 0) {
    const loaded = await loadKnowledgeBaseFromPostgres(databaseUrl(), {
      fromRows: Boolean(values['from-rows']),
    });
    if (!loaded) throw new Error('no ready knowledge base in Postgres');
    const { index, ...rest } = loaded;
    const m = process.memoryUsage();
    process.stdout.write(
      `${JSON.stringify({ ...rest, stats: index.stats, heapMB: Math.round(m.heapUsed / 2 ** 20), arrayBuffersMB: Math.round(m.arrayBuffers / 2 ** 20), rssMB: Math.round(m.rss / 2 ** 20), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
    );
  } else {
    process.stderr.write(USAGE);
    process.exit(64);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`linking: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
