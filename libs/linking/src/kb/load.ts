import { open } from 'node:fs/promises';
import { KnowledgeIndex, KnowledgeIndexBuilder } from '../index/knowledge-index';
import { isSnapshot, loadSnapshot } from '../index/snapshot';
import { DEFAULT_KB_PATH } from '../default-kb/default-kb';
import { readKbFile, type KbFileReport } from './kb-file';
import type { KbRecord } from './record';
import type { WikidataImportOptions } from './wikidata';

export interface LoadOptions extends WikidataImportOptions {
  /**
   * Also load the knowledge base shipped with the project (countries, regions,
   * cities): true (default), false, or 'qids' for only its entities with a QID
   * (names in many languages for the countries another KB has too).
   */
  withDefaultKb?: boolean | 'qids';
}

export interface LoadedKnowledgeBase {
  index: KnowledgeIndex;
  reports: { path: string; report: KbFileReport }[];
  seconds: number;
}

async function startsWithSnapshot(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    await file.read(head, 0, 8, 0);
    return isSnapshot(head);
  } finally {
    await file.close();
  }
}

/**
 * Builds the in-memory index from knowledge-base files (any format `readKbFile`
 * reads), then the shipped default KB. Records with the same id merge: the
 * first file names and types the entity, later ones add names. A single
 * snapshot file (`saveSnapshot`) is loaded as it is.
 */
export async function loadKnowledgeBase(
  paths: string[],
  options: LoadOptions = {},
): Promise<LoadedKnowledgeBase> {
  const started = process.hrtime.bigint();
  if (paths.length === 1 && (await startsWithSnapshot(paths[0]!))) {
    // A prebuilt index (see `cli.js build-index`): already holds everything it was built from.
    const index = await loadSnapshot(paths[0]!);
    return { index, reports: [], seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }
  const builder = new KnowledgeIndexBuilder();
  const reports: LoadedKnowledgeBase['reports'] = [];
  for (const path of paths)
    reports.push({ path, report: await readKbFile(path, builder, options) });
  if (options.withDefaultKb !== false) {
    const qidsOnly = options.withDefaultKb === 'qids';
    const sink = { add: (r: KbRecord) => (qidsOnly && !r.qid ? undefined : builder.add(r)) };
    reports.push({
      path: DEFAULT_KB_PATH,
      report: await readKbFile(DEFAULT_KB_PATH, sink, options),
    });
  }
  const index = builder.build();
  return { index, reports, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
