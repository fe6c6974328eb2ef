import type { RawArticle } from '@newsgraph/contracts';
import { readImportSource, type Checkpoint } from './bulk-import';

export interface ImportSummary {
  path: string;
  published: number;
  /** Items whose text an earlier item of this import already had (exact copies). */
  duplicates: number;
  skipped: { ref: string; reason: string }[];
  /** Items skipped because an interrupted earlier run had already published them. */
  resumedAfter: number;
}

export interface ImportProgress {
  items: number;
  bytes: number;
  ref: string;
}

export interface ImportOptions {
  path: string;
  sourceName?: string;
  now?: () => Date;
  /** Publishes one batch; resolves once the broker has acknowledged it. */
  publish: (articles: RawArticle[]) => Promise<void>;
  batchSize?: number;
  checkpoint?: Checkpoint;
  onProgress?: (progress: ImportProgress) => void;
  /** Keeps at most this many skip reasons (the count stays exact). */
  maxReasons?: number;
}

/**
 * Streams a folder or file into the raw topic in batches. A bad item never stops
 * the rest; the checkpoint advances only after the broker acknowledged a batch, so
 * an interrupted import resumes where it stopped (re-sending at most one batch,
 * which the pipeline's idempotence absorbs).
 */
export async function runImport(
  options: ImportOptions,
): Promise<ImportSummary & { skippedCount: number }> {
  const resumeFrom = (await options.checkpoint?.load()) ?? 0;
  const summary = {
    path: options.path,
    published: 0,
    duplicates: 0,
    skipped: [] as ImportSummary['skipped'],
    resumedAfter: resumeFrom,
    skippedCount: 0,
  };
  const batchSize = options.batchSize ?? 200;
  const maxReasons = options.maxReasons ?? 1000;
  // Prefixes of content hashes: enough to spot copies, small for millions of items.
  const seen = new Set<string>();
  let batch: RawArticle[] = [];
  let consumed = 0;
  let bytes = 0;
  const flush = async () => {
    if (batch.length > 0) {
      await options.publish(batch);
      summary.published += batch.length;
      batch = [];
    }
    await options.checkpoint?.save(consumed);
  };
  for await (const item of readImportSource({ ...options, onBytes: (b) => (bytes = b) })) {
    consumed++;
    if (consumed <= resumeFrom) {
      // Published by the interrupted run; still remembered, so copies count right.
      if ('article' in item) seen.add(item.article.contentHash.slice(0, 24));
      continue;
    }
    options.onProgress?.({ items: consumed, bytes, ref: item.ref });
    if ('skipped' in item) {
      summary.skippedCount++;
      if (summary.skipped.length < maxReasons)
        summary.skipped.push({ ref: item.ref, reason: item.skipped });
      continue;
    }
    const key = item.article.contentHash.slice(0, 24);
    if (seen.has(key)) summary.duplicates++;
    else seen.add(key);
    batch.push(item.article);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await options.checkpoint?.clear();
  return summary;
}

/** The folder importer's former entry point. */
export async function importFolder(options: Omit<ImportOptions, 'path'> & { folder: string }) {
  return runImport({ ...options, path: options.folder });
}
