import { createHash } from 'node:crypto';
import type { RawArticle } from '@newsgraph/contracts';
import { contentHash } from '@newsgraph/text';

const EPOCH = '2000-01-01T00:00:00.000Z';

/**
 * A benchmark row as the deduplicator receives it: ids and content hash made
 * the way the ingester makes them, one fixed time (the data has none, so
 * nothing ages out of the windows).
 */
export function evalArticle(row: { id: string; title: string | null; text: string }): RawArticle {
  const title = row.title?.trim() || row.text.trim().slice(0, 120) || row.id;
  return {
    schemaVersion: 1,
    articleId: createHash('md5').update(row.id).digest('hex'),
    source: { id: 'eval', name: 'eval', url: null },
    externalId: row.id,
    url: null,
    title,
    body: row.text,
    language: null,
    publishedAt: null,
    ingestedAt: EPOCH,
    contentHash: contentHash(title, row.text),
    byline: null,
  };
}
