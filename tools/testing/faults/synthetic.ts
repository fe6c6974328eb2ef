import { createHash } from 'node:crypto';
import type { RawArticle } from '@newsgraph/contracts';
import { Partitioners, type PartitionMetadata } from 'kafkajs';

// Names the fixture knowledge base knows, so the linker finds mentions.
const NAMES = [
  'Vladimir Putin',
  'Emmanuel Macron',
  'Recep Tayyip Erdogan',
  'Angela Merkel',
  'Syria',
  'Russia',
  'Turkey',
  'Idlib',
];
const WORDS =
  'officials said talks would resume after the ceasefire collapsed near the border while aid convoys waited'.split(
    ' ',
  );

const partitioner = Partitioners.DefaultPartitioner();
const partitionMetadata: PartitionMetadata[] = Array.from({ length: 6 }, (_, partitionId) => ({
  partitionErrorCode: 0,
  partitionId,
  leader: 0,
  replicas: [0],
  isr: [0],
}));
/** The partition kafkajs (and the services' producers) would pick for this key. */
const partitionOf = (key: string) =>
  partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });

const hex = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

export interface SyntheticInput {
  articles: RawArticle[];
  /** copy id -> id of the original it copies */
  copies: Map<string, string>;
}

/**
 * Deterministic raw articles: every 7th is an exact copy (another source, same
 * text) of the article three before it. A copy's id is chosen to land on the
 * original's partition, so the original is always claimed first and the expected
 * verdicts do not depend on how partitions interleave under faults.
 */
export function syntheticArticles(count: number): SyntheticInput {
  const articles: RawArticle[] = [];
  const copies = new Map<string, string>();
  const t0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i++) {
    const at = new Date(t0 + i * 60_000).toISOString();
    if (i % 7 === 6) {
      const original = articles[i - 3]!;
      let id = '';
      for (let k = 0; ; k++) {
        id = hex(`copy-${i}-${k}`, 32);
        if (partitionOf(id) === partitionOf(original.articleId)) break;
      }
      copies.set(id, original.articleId);
      articles.push({
        ...original,
        articleId: id,
        source: { id: `mirror-${i % 5}`, name: `Mirror ${i % 5}`, url: null },
        externalId: `copy-${i}`,
        ingestedAt: at,
      });
      continue;
    }
    const a = NAMES[i % NAMES.length]!;
    const b = NAMES[(i * 3 + 1) % NAMES.length]!;
    const filler = Array.from({ length: 40 }, (_, w) => WORDS[(i * 7 + w * 13) % WORDS.length]);
    const body = `${a} met ${b} on day ${i}. ${filler.join(' ')}. Article number ${i}.`;
    articles.push({
      schemaVersion: 1,
      articleId: hex(`article-${i}`, 32),
      source: { id: `source-${i % 10}`, name: `Source ${i % 10}`, url: null },
      externalId: `item-${i}`,
      url: null,
      title: `${a} and ${b}: report ${i}`,
      body,
      language: 'en',
      publishedAt: at,
      ingestedAt: at,
      contentHash: hex(body, 64),
      byline: null,
    });
  }
  return { articles, copies };
}
