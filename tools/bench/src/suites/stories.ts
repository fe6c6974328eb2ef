import { DEDUP_DEFAULTS } from '@newsgraph/dedup';
import { StoryClusterer, type StoryArticle } from '@newsgraph/stories';
import { mb } from '../measure';
import { ProseGenerator, hexId } from './dedup';
import type { BenchSuite } from './index';

const ARTICLES = Number(process.env.BENCH_STORIES_ARTICLES ?? 50_000);
const EVENTS = Math.round(ARTICLES / 12);
const DAYS = 30;

/** An event: who, where and which numbers, as the articles about it repeat them. */
interface Event {
  person: string;
  place: string;
  figure: string;
  kind: string;
  start: number;
  /** Facts and quotes that coverage of the event keeps repeating. */
  facts: string[];
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/**
 * A month of synthetic news: EVENTS events spread over DAYS days, each covered
 * by about a dozen ~400-word articles over the two days after it starts: its
 * names and figures, about half of its ten recurring facts, and ~250 words of
 * unrelated prose; events of the same kind share their vocabulary. Articles
 * arrive in time order, one every few seconds.
 */
function makeStream(gen: ProseGenerator): { article: StoryArticle; event: number }[] {
  const kinds = Array.from({ length: 40 }, () => `${gen.word()} ${gen.word()}`);
  const t0 = Date.UTC(2024, 0, 1);
  const events: Event[] = Array.from({ length: EVENTS }, () => ({
    person: `${cap(gen.word())} ${cap(gen.word())}`,
    place: cap(gen.word()),
    figure: String(Math.floor(gen.random() * 9000) + 100),
    kind: kinds[Math.floor(gen.random() * kinds.length)]!,
    start: t0 + gen.random() * DAYS * 86_400_000,
    facts: Array.from({ length: 10 }, () => gen.sentence()),
  }));
  const items = Array.from({ length: ARTICLES }, (_, i) => {
    const event = Math.floor(gen.random() * EVENTS);
    const e = events[event]!;
    const at = e.start + gen.random() * 2 * 86_400_000;
    const lead = `${e.person} said the ${e.kind} in ${e.place} left ${e.figure} people affected, officials in ${e.place} confirmed.`;
    const facts = e.facts.filter(() => gen.random() < 0.5).join(' ');
    const text = [
      lead,
      facts,
      gen.article(250),
      `${e.person} is expected to speak again about ${e.place}.`,
    ].join('\n\n');
    return {
      article: { id: hexId(i), title: `${cap(e.kind)} in ${e.place}: ${e.person}`, text, at },
      event,
    };
  });
  return items.sort((a, b) => a.article.at! - b.article.at!);
}

/** Heap and typed arrays in use after full collections (freed buffers are released asynchronously). */
const memory = async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Story assignment at scale: ARTICLES synthetic articles over a month through
 * one StoryClusterer with its default window (7 days, stories closing after 2
 * idle days), re-clustering as often as the deduplicator does (or every
 * BENCH_STORIES_REFINE_EVERY articles), timed per assign() including the
 * re-clustering; then how well the planted events were found.
 */
export const storiesSuite: BenchSuite = async () => {
  const gen = new ProseGenerator(7);
  const items = makeStream(gen);
  const before = await memory();
  const clusterer = new StoryClusterer({
    refineEvery: Number(process.env.BENCH_STORIES_REFINE_EVERY ?? DEDUP_DEFAULTS.refineEvery),
  });
  const started = process.hrtime.bigint();
  let slowest = 0;
  for (const { article } of items) {
    const t0 = process.hrtime.bigint();
    clusterer.assign(article);
    slowest = Math.max(slowest, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = await memory();
  const t1 = process.hrtime.bigint();
  clusterer.refine();
  const refineMs = Number(process.hrtime.bigint() - t1) / 1e6;

  // Planted events vs stories, over the articles still in the window.
  const pairs = items
    .map(({ article, event }) => ({ story: clusterer.storyOf(article.id), event }))
    .filter((x): x is { story: string; event: number } => x.story !== undefined);
  const eventOfStory = new Map<string, Map<number, number>>();
  for (const { story, event } of pairs) {
    const m = eventOfStory.get(story) ?? new Map<number, number>();
    m.set(event, (m.get(event) ?? 0) + 1);
    eventOfStory.set(story, m);
  }
  let pure = 0;
  for (const m of eventOfStory.values()) pure += Math.max(...m.values());
  const stories = new Set(pairs.map((p) => p.story)).size;
  const events = new Set(pairs.map((p) => p.event)).size;
  return [
    `assign:    ${items.length.toLocaleString('en')} articles (~400 words, ${EVENTS.toLocaleString('en')} events over ${DAYS} days) in ${seconds.toFixed(1)} s: ${(items.length / seconds).toFixed(0)} articles/s, slowest call ${slowest.toFixed(0)} ms`,
    `refine:    ${refineMs.toFixed(0)} ms to re-cluster the open window of ${pairs.length.toLocaleString('en')} articles`,
    `memory:    ${mb(after - before)} held (V8 heap + typed arrays, after GC), ${((after - before) / pairs.length / 1024).toFixed(1)} KiB per open-window article`,
    `quality:   ${stories.toLocaleString('en')} stories for ${events.toLocaleString('en')} planted events in the window; purity ${((100 * pure) / pairs.length).toFixed(1)}%`,
  ];
};
