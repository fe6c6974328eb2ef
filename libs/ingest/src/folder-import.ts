import type { RawArticle } from '@newsgraph/contracts';
import { readImportSource } from './bulk-import';

export interface FolderImportOptions {
  folder: string;
  /** Source name; defaults to the folder's name. */
  sourceName?: string;
  now?: () => Date;
  /** Larger files are skipped with a reason rather than read. */
  maxFileBytes?: number;
}

export type FolderItem = { file: string; article: RawArticle } | { file: string; skipped: string };

/** A folder's articles (or reasons), by file; see `readImportSource`. */
export async function* readTextFolder(options: FolderImportOptions): AsyncGenerator<FolderItem> {
  for await (const item of readImportSource({ ...options, path: options.folder })) {
    yield 'article' in item
      ? { file: item.ref, article: item.article }
      : { file: item.ref, skipped: item.skipped };
  }
}
