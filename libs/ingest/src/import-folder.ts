import type { RawArticle } from '@newsgraph/contracts';
import { readTextFolder, type FolderImportOptions } from './folder-import';

export interface ImportSummary {
  folder: string;
  published: number;
  skipped: { file: string; reason: string }[];
}

export interface ImportFolderOptions extends FolderImportOptions {
  /** Publishes one batch; resolves once the broker has acknowledged it. */
  publish: (articles: RawArticle[]) => Promise<void>;
  batchSize?: number;
  onProgress?: (done: number, file: string) => void;
}

/** Streams a folder into the raw topic in batches; a bad file never stops the rest. */
export async function importFolder(options: ImportFolderOptions): Promise<ImportSummary> {
  const summary: ImportSummary = { folder: options.folder, published: 0, skipped: [] };
  const batchSize = options.batchSize ?? 100;
  let batch: RawArticle[] = [];
  let seen = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await options.publish(batch);
    summary.published += batch.length;
    batch = [];
  };
  for await (const item of readTextFolder(options)) {
    seen++;
    options.onProgress?.(seen, item.file);
    if ('skipped' in item) {
      summary.skipped.push({ file: item.file, reason: item.skipped });
      continue;
    }
    batch.push(item.article);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}
