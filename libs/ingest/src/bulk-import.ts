import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { RawArticle } from '@newsgraph/contracts';
import { cleanPlainText, extractArticle } from '@newsgraph/extraction';
import { articleId, contentHash, normalizeByline, normalizeText, sourceId } from '@newsgraph/text';
import { z } from 'zod';
import { decodeTextFile, parseTextDocument } from './text-document';

/**
 * One line of a JSON Lines import. Either `text` (plain text; `title` or its first
 * line is the title) or `html` (a page: main text and metadata are extracted).
 */
export const JsonlRecord = z
  .object({
    /** Unique within the source; else the URL, else file:line. */
    id: z.string().min(1).max(2000).optional(),
    url: z.url().optional(),
    title: z.string().max(2000).optional(),
    text: z.string().optional(),
    html: z.string().optional(),
    /** Source name; else the import's --source, else the file's name. */
    source: z.string().min(1).max(500).optional(),
    publishedAt: z.iso.datetime({ offset: true }).optional(),
    language: z.string().min(2).max(16).optional(),
    /** Who wrote it; `author` is read when `byline` is absent. Clipped to 500 characters. */
    byline: z.string().nullish(),
    author: z.string().nullish(),
  })
  .refine((r) => Boolean(r.text?.trim() || r.html?.trim()), { message: 'needs "text" or "html"' });
export type JsonlRecord = z.infer<typeof JsonlRecord>;

interface DocFields {
  title: string;
  body: string;
  url?: string | null;
  publishedAt?: string | null;
  language?: string | null;
  byline?: string | null;
}
type ArticleFactory = (source: string, externalId: string, doc: DocFields) => RawArticle;

export type ImportItem = { ref: string; article: RawArticle } | { ref: string; skipped: string };

export interface ReadOptions {
  /** A folder (.txt, .html, .jsonl[.gz] files, sorted, recursively) or one file. */
  path: string;
  /** Source name; defaults to the folder's (or file's) name. */
  sourceName?: string;
  now?: () => Date;
  /** Larger single files (.txt, .html) are skipped with a reason rather than read. */
  maxFileBytes?: number;
  /** Called with the bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

const TEXT = new Set(['.txt', '.text', '']);
const HTML = new Set(['.html', '.htm']);
const isJsonl = (name: string) => /\.(jsonl|ndjson)(\.gz)?$/i.test(name);

async function listFiles(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => null);
  if (!info) throw new Error(`no such file or folder: ${root}`);
  if (info.isFile()) return [root];
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) await walk(join(dir, e.name));
      else if (e.isFile()) out.push(join(dir, e.name));
    }
  };
  await walk(root);
  return out;
}

/** Total size of what an import will read, for the progress bar. */
export async function importSize(path: string): Promise<number> {
  let total = 0;
  for (const f of await listFiles(resolve(path))) total += (await stat(f)).size;
  return total;
}

/**
 * Everything an import path holds, as raw articles or reasons, in a stable order
 * (files sorted, lines in order), streaming: a JSON Lines file of any size is read
 * line by line and never held in memory.
 */
export async function* readImportSource(options: ReadOptions): AsyncGenerator<ImportItem> {
  const root = resolve(options.path);
  const files = await listFiles(root);
  const rootIsFile = files.length === 1 && files[0] === root;
  const defaultSource =
    options.sourceName ?? basename(root).replace(/\.(jsonl|ndjson)(\.gz)?$/i, '');
  const now = options.now ?? (() => new Date());
  const maxBytes = options.maxFileBytes ?? 5_000_000;
  let bytes = 0;
  const source = (name: string) => ({ id: sourceId(name), name, url: null });
  const article: ArticleFactory = (src, externalId, doc) => {
    const s = source(src);
    return {
      schemaVersion: 1,
      articleId: articleId(s.id, externalId),
      source: s,
      externalId,
      url: doc.url ?? null,
      title: doc.title,
      body: doc.body,
      language: doc.language ?? null,
      publishedAt: doc.publishedAt ?? null,
      ingestedAt: now().toISOString(),
      contentHash: contentHash(doc.title, doc.body),
      byline: normalizeByline(doc.byline),
    };
  };

  for (const file of files) {
    const ref = rootIsFile ? basename(file) : relative(root, file);
    const ext = extname(file).toLowerCase();
    if (isJsonl(file)) {
      const raw = createReadStream(file);
      raw.on('data', (chunk) => {
        bytes += chunk.length;
        options.onBytes?.(bytes);
      });
      const input = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
      const fileSource =
        options.sourceName ?? basename(file).replace(/\.(jsonl|ndjson)(\.gz)?$/i, '');
      let line = 0;
      try {
        for await (const text of createInterface({ input, crlfDelay: Infinity })) {
          line++;
          if (!text.trim()) continue;
          yield fromJsonl(`${ref}:${line}`, text, fileSource, article);
        }
      } catch (error) {
        yield { ref: `${ref}:${line + 1}`, skipped: `unreadable: ${(error as Error).message}` };
      }
      continue;
    }
    const size = (await stat(file)).size;
    bytes += size;
    options.onBytes?.(bytes);
    if (!TEXT.has(ext) && !HTML.has(ext)) {
      yield { ref, skipped: `unsupported file type "${ext}" (expected .txt, .html or .jsonl)` };
      continue;
    }
    if (size > maxBytes) {
      yield { ref, skipped: `too large (${size} bytes, limit ${maxBytes})` };
      continue;
    }
    const decoded = decodeTextFile(await readFile(file));
    if (!decoded.ok) {
      yield { ref, skipped: decoded.reason };
      continue;
    }
    if (HTML.has(ext)) {
      const page = extractArticle(decoded.text);
      if (!page.title || !page.body) {
        yield { ref, skipped: 'no article text found in the page' };
        continue;
      }
      yield { ref, article: article(defaultSource, ref, { ...page, url: page.canonicalUrl }) };
      continue;
    }
    const parsed = parseTextDocument(decoded.text);
    if ('error' in parsed) {
      yield { ref, skipped: parsed.error };
      continue;
    }
    // Scraped text carries page chrome ("Search", "Read More:" lists, stray
    // script); the title may be a section label, with the headline below it.
    const doc = cleanPlainText(parsed.title, parsed.body);
    if (!doc.body) {
      yield { ref, skipped: 'no article text left after removing page boilerplate' };
      continue;
    }
    yield { ref, article: article(defaultSource, ref, doc) };
  }
}

function fromJsonl(
  ref: string,
  text: string,
  fileSource: string,
  article: ArticleFactory,
): ImportItem {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ref, skipped: `invalid JSON: ${(error as Error).message}` };
  }
  const parsed = JsonlRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ref, skipped: `${issue.path.join('.') || 'record'}: ${issue.message}` };
  }
  const r = parsed.data;
  const externalId = r.id ?? r.url ?? ref;
  const src = r.source ?? fileSource;
  const byline = normalizeByline(r.byline) ?? normalizeByline(r.author);
  if (r.html?.trim()) {
    const page = extractArticle(r.html, r.url);
    const title = normalizeText(r.title ?? '') || page.title;
    if (!title || !page.body) return { ref, skipped: 'no article text found in "html"' };
    return {
      ref,
      article: article(src, externalId, {
        title,
        body: page.body,
        url: r.url ?? page.canonicalUrl,
        publishedAt: r.publishedAt ?? page.publishedAt,
        language: r.language ?? page.language,
        byline: byline ?? page.byline,
      }),
    };
  }
  const doc = r.title?.trim()
    ? { title: normalizeText(r.title), body: r.text! }
    : parseTextDocument(r.text!);
  if ('error' in doc) return { ref, skipped: doc.error };
  const clean = cleanPlainText(doc.title, doc.body);
  if (!clean.title || !clean.body)
    return { ref, skipped: 'no article text left after removing page boilerplate' };
  return {
    ref,
    article: article(src, externalId, {
      ...clean,
      url: r.url ?? null,
      publishedAt: r.publishedAt ?? null,
      language: r.language ?? null,
      byline,
    }),
  };
}

export interface Checkpoint {
  /** Items of this source already consumed by an earlier run. */
  load(): Promise<number>;
  save(done: number): Promise<void>;
  clear(): Promise<void>;
}

/** A checkpoint kept as a small JSON file in `stateDir`, one per import path. */
export function fileCheckpoint(stateDir: string, importPath: string): Checkpoint {
  const key = createHash('sha256').update(resolve(importPath)).digest('hex').slice(0, 16);
  const file = join(stateDir, `${key}.json`);
  return {
    async load() {
      try {
        const state = JSON.parse(await readFile(file, 'utf8')) as { path: string; done: number };
        return state.path === resolve(importPath) ? state.done : 0;
      } catch {
        return 0;
      }
    },
    async save(done) {
      await mkdir(stateDir, { recursive: true });
      await writeFile(
        file,
        JSON.stringify({ path: resolve(importPath), done, at: new Date().toISOString() }),
      );
    },
    async clear() {
      await writeFile(
        file,
        JSON.stringify({ path: resolve(importPath), done: 0, at: new Date().toISOString() }),
      );
    },
  };
}
