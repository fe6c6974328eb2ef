import { FIXTURE_KB_NAMES } from '@newsgraph/devstack';
import { createHash } from 'node:crypto';
import type { RawArticle } from '@newsgraph/contracts';
import { Partitioners, type PartitionMetadata } from 'kafkajs';

const NAMES = FIXTURE_KB_NAMES;
/** Articles per event (copies aside). */
const EVENT_SIZE = 5;

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
  /** article id -> the story it must end in: `s-<first article of its event>` */
  stories: Map<string, string>;
}

/**
 * A pronounceable token from a hash: letters only, so it is a word, not a
 * number, and all 32 bits of the hash, so two events' vocabularies do not
 * share a word by chance.
 */
const word = (seed: string) =>
  hex(seed, 8)
    .split('')
    .map((c) => 'bcdfghklmnprstvz'[parseInt(c, 16)]! + 'aeiou'[parseInt(c, 16) % 5]!)
    .join('');

/** An id for `name` that the producers' partitioner puts on the same partition as `like`. */
function idOnPartitionOf(name: string, like: string | undefined): string {
  for (let k = 0; ; k++) {
    const id = hex(`${name}-${k}`, 32);
    if (like === undefined || partitionOf(id) === partitionOf(like)) return id;
  }
}

/**
 * Deterministic raw articles about events of EVENT_SIZE articles each, every
 * event with a vocabulary of its own; every 7th article is an exact copy
 * (another source, same text) of the article three before it. All articles of
 * an event and all copies land on one partition, so whatever way partitions
 * interleave under faults, originals come before their copies and each event's
 * first article comes first: the expected verdicts and stories are fixed.
 */
export function syntheticArticles(count: number): SyntheticInput {
  const articles: RawArticle[] = [];
  const copies = new Map<string, string>();
  const stories = new Map<string, string>();
  const t0 = Date.UTC(2025, 0, 1);
  let written = 0;
  let eventFirst: string | undefined;
  for (let i = 0; i < count; i++) {
    const at = new Date(t0 + i * 60_000).toISOString();
    if (i % 7 === 6) {
      const original = articles[i - 3]!;
      const id = idOnPartitionOf(`copy-${i}`, original.articleId);
      copies.set(id, original.articleId);
      stories.set(id, stories.get(original.articleId)!);
      articles.push({
        ...original,
        articleId: id,
        source: { id: `mirror-${i % 5}`, name: `Mirror ${i % 5}`, url: null },
        externalId: `copy-${i}`,
        ingestedAt: at,
      });
      continue;
    }
    const event = Math.floor(written / EVENT_SIZE);
    const first = written % EVENT_SIZE === 0;
    written++;
    const id = idOnPartitionOf(`article-${i}`, first ? undefined : eventFirst);
    if (first) eventFirst = id;
    stories.set(id, `s-${eventFirst}`);
    const vocabulary = Array.from({ length: 24 }, (_, w) => word(`event-${event}-${w}`));
    const pick = (k: number) => vocabulary[parseInt(hex(`${i}-${k}`, 4), 16) % vocabulary.length]!;
    const sentence = (k: number) =>
      Array.from({ length: 12 }, (_, w) => pick(k * 12 + w)).join(' ');
    // A name of the event's own leads; a name the fixture KB knows (shared by
    // every eighth event) appears in the event's first article only, so the
    // linker has mentions to find but events are not linked through it.
    const lead = word(`name-${event}`);
    const place = lead.charAt(0).toUpperCase() + lead.slice(1);
    const name = NAMES[event % NAMES.length]!;
    const body = [0, 1, 2, 3, 4]
      .map((k) => `${k === 4 && first ? `${name} said` : place} ${sentence(k)}.`)
      .join(' ');
    articles.push({
      schemaVersion: 1,
      articleId: id,
      source: { id: `source-${i % 10}`, name: `Source ${i % 10}`, url: null },
      externalId: `item-${i}`,
      url: null,
      title: `${place}: ${pick(100)} ${pick(101)} ${pick(102)}`,
      body,
      language: 'en',
      publishedAt: at,
      ingestedAt: at,
      contentHash: hex(body, 64),
      byline: null,
    });
  }
  return { articles, copies, stories };
}
