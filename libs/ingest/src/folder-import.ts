import { opendir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { RawArticle } from '@newsgraph/contracts';
import { cleanPlainText } from '@newsgraph/extraction';
import { articleId, contentHash, sourceId } from '@newsgraph/text';
import { decodeTextFile, parseTextDocument } from './text-document';

export interface FolderImportOptions {
  folder: string;
  /** Source name; defaults to the folder's name. */
  sourceName?: string;
  now?: () => Date;
  /** Larger files are skipped with a reason rather than read. */
  maxFileBytes?: number;
}

export type FolderItem = { file: string; article: RawArticle } | { file: string; skipped: string };

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '']);

/**
 * Reads a folder of plain-text articles (sorted by name, so the same folder
 * always yields the same sequence) and turns each into a raw article, or into a
 * reason why it was skipped. Files are read one at a time.
 */
export async function* readTextFolder(options: FolderImportOptions): AsyncGenerator<FolderItem> {
  const folder = resolve(options.folder);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`not a folder: ${options.folder}`);
  const name = options.sourceName ?? basename(folder);
  const source = { id: sourceId(name), name, url: null };
  const maxBytes = options.maxFileBytes ?? 5_000_000;
  const now = options.now ?? (() => new Date());

  const files: string[] = [];
  for await (const entry of await opendir(folder)) {
    if (entry.isFile() && !entry.name.startsWith('.')) files.push(entry.name);
  }
  files.sort();

  for (const file of files) {
    if (!TEXT_EXTENSIONS.has(extname(file).toLowerCase())) {
      yield { file, skipped: `unsupported file type "${extname(file)}" (expected .txt)` };
      continue;
    }
    const path = join(folder, file);
    const size = (await stat(path)).size;
    if (size > maxBytes) {
      yield { file, skipped: `too large (${size} bytes, limit ${maxBytes})` };
      continue;
    }
    const decoded = decodeTextFile(await readFile(path));
    if (!decoded.ok) {
      yield { file, skipped: decoded.reason };
      continue;
    }
    const parsed = parseTextDocument(decoded.text);
    if ('error' in parsed) {
      yield { file, skipped: parsed.error };
      continue;
    }
    // Scraped text carries page chrome ("Search", "Read More:" lists, stray
    // script); the title may be a section label, with the headline below it.
    const doc = cleanPlainText(parsed.title, parsed.body);
    if (!doc.body) {
      yield { file, skipped: 'no article text left after removing page boilerplate' };
      continue;
    }
    yield {
      file,
      article: {
        schemaVersion: 1,
        articleId: articleId(source.id, file),
        source,
        externalId: file,
        url: null,
        title: doc.title,
        body: doc.body,
        language: null,
        publishedAt: null,
        ingestedAt: now().toISOString(),
        contentHash: contentHash(doc.title, doc.body),
      },
    };
  }
}
