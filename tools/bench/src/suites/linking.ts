import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, waitForPostgres } from '@newsgraph/db';
import {
  englishWords,
  importKnowledgeBaseToPostgres,
  loadKnowledgeBase,
  saveSnapshot,
  writeKbFile,
  type KbName,
  type KbRecord,
} from '@newsgraph/linking';
import { mb, prng, settledHeap } from '../measure';
import type { BenchSuite } from './index';

const ENTITIES = 1_000_000;
const ARTICLES = 1_000;
/** Articles linked first, so caches and the JIT are in the state of a running stream. */
export const WARM_UP = 1_000;
const WORDS_PER_ARTICLE = 600;

const SYLLABLES = (
  'ka lo mi tre sa nor vel pan dri os tu ben gar li em ra sto cel un fa ko ze mar ti ul bro han ' +
  'sev ol quin dar ek ru pho ja wil mo ber ste ay gri zo lun ver cas dom hel ip nak'
).split(' ');
const ORG_HEADS = [
  'Group',
  'Corporation',
  'Institute',
  'University',
  'Party',
  'Bank',
  'Council',
  'Agency',
];
const KINDS = [
  'politician',
  'footballer',
  'singer',
  'company',
  'city',
  'river',
  'novel',
  'film',
  'party',
];

/** Pronounceable capitalised names, unique per pool. */
class Names {
  private readonly pool: string[] = [];

  constructor(random: () => number, size: number, minSyllables: number, maxSyllables: number) {
    const seen = new Set<string>();
    while (this.pool.length < size) {
      const n = minSyllables + Math.floor(random() * (maxSyllables - minSyllables + 1));
      let w = '';
      for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
      if (seen.has(w)) continue;
      seen.add(w);
      this.pool.push(w.charAt(0).toUpperCase() + w.slice(1));
    }
  }

  pick(random: () => number): string {
    return this.pool[Math.floor(random() * this.pool.length)]!;
  }
}

/** A transliteration-like variant: the kind of spelling a KB lists as another language's label. */
const variant = (name: string) => name.replace(/c/g, 'k').replace(/o/g, 'ou').replace(/i/g, 'y');

/**
 * 1,000,000 entities with 3,000,000 names (label + two aliases on average):
 * people (given name + surname, initials, foreign spelling), organisations
 * (with acronyms and short forms), places, works; Zipf-like popularity.
 */
export function syntheticKb(seed: number): { records: KbRecord[]; names: number } {
  const random = prng(seed);
  const given = new Names(random, 20_000, 2, 3);
  const surnames = new Names(random, 300_000, 2, 4);
  const words = new Names(random, 60_000, 2, 3);
  const records: KbRecord[] = [];
  let names = 0;
  for (let i = 0; i < ENTITIES; i++) {
    const kind = random();
    const list: KbName[] = [];
    let name: string;
    let type: KbRecord['type'];
    if (kind < 0.4) {
      type = 'person';
      const g = given.pick(random);
      const s = surnames.pick(random);
      name = `${g} ${s}`;
      list.push({ value: name, lang: 'en', kind: 'label' });
      list.push({ value: `${g.charAt(0)}. ${s}`, lang: 'en', kind: 'alias' });
      list.push({ value: variant(name), lang: 'de', kind: 'label' });
      if (random() < 0.4) list.push({ value: `${s} ${g}`, lang: 'zh', kind: 'alias' });
    } else if (kind < 0.7) {
      type = 'organisation';
      const a = words.pick(random);
      const b = words.pick(random);
      name = `${a} ${b} ${ORG_HEADS[Math.floor(random() * ORG_HEADS.length)]}`;
      list.push({ value: name, lang: 'en', kind: 'label' });
      list.push({ value: `${a} ${b}`, lang: 'en', kind: 'alias' });
      list.push({
        value: name
          .split(' ')
          .map((w) => w[0])
          .join(''),
        lang: 'en',
        kind: 'alias',
      });
    } else if (kind < 0.9) {
      type = 'place';
      name =
        random() < 0.7 ? surnames.pick(random) : `${words.pick(random)} ${surnames.pick(random)}`;
      list.push({ value: name, lang: 'en', kind: 'label' });
      list.push({ value: variant(name), lang: 'fr', kind: 'label' });
      list.push({ value: `${name} City`, lang: 'en', kind: 'alias' });
    } else {
      type = 'work';
      name = `The ${words.pick(random)} of ${surnames.pick(random)}`;
      list.push({ value: name, lang: 'en', kind: 'label' });
      list.push({ value: variant(name), lang: 'es', kind: 'label' });
    }
    names += new Set(list.map((n) => n.value)).size;
    records.push({
      id: `Q${1000 + i}`,
      qid: `Q${1000 + i}`,
      name,
      type,
      classes: [],
      names: list,
      description: `${KINDS[Math.floor(random() * KINDS.length)]} in ${words.pick(random)}`,
      popularity: Math.min(1, 0.05 / (random() + 0.05)),
      sitelinks: 0,
    });
  }
  return { records, names };
}

/**
 * 600-word news-like articles: English words (Zipf-distributed, from the word
 * list the linker uses), about 30 mentions of KB entities (full names,
 * surnames, acronyms, places, some misspelt) and some unknown capitalised names.
 */
export function syntheticArticles(records: KbRecord[], seed: number): string[] {
  const random = prng(seed);
  const lexicon = [...englishWords()];
  const vocabulary: string[] = [];
  for (let i = 0; i < 20_000; i++) vocabulary.push(lexicon[Math.floor(random() * lexicon.length)]!);
  const functionWords =
    'the a of to in and said that for on with was by as at from his her it is'.split(' ');
  const logSize = Math.log(vocabulary.length + 1);
  const word = () =>
    vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(random() * logSize)) - 1)]!;
  const unknown = new Names(random, 5_000, 3, 4);
  const pickRecord = () => records[Math.floor(random() ** 3 * records.length)]!;
  const mention = (): string => {
    const r = pickRecord();
    const roll = random();
    if (r.type === 'person' && roll < 0.3) return r.name.split(' ').pop()!;
    if (roll < 0.05) return r.name.replace(/a/, 'e'); // a misspelling
    if (r.type === 'organisation' && roll < 0.4) return r.names[2]?.value ?? r.name;
    return r.name;
  };
  const articles: string[] = [];
  for (let a = 0; a < WARM_UP + ARTICLES; a++) {
    const sentences: string[] = [];
    let words = 0;
    while (words < WORDS_PER_ARTICLE) {
      const parts: string[] = [];
      const n = 10 + Math.floor(random() * 15);
      for (let w = 0; w < n; w++) {
        const roll = random();
        if (roll < 0.05) parts.push(mention());
        else if (roll < 0.06) parts.push(unknown.pick(random));
        else if (roll < 0.4)
          parts.push(functionWords[Math.floor(random() * functionWords.length)]!);
        else parts.push(word());
      }
      const sentence = parts.join(' ');
      sentences.push(sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.');
      words += n;
    }
    articles.push(`${sentences.slice(0, 1)}\n\n${sentences.slice(1).join(' ')}`);
  }
  return articles;
}

/**
 * Knowledge base of 1M entities / 3M names generated here (seeded): time to
 * build the index from records and to load it prebuilt (goal ≤ 15 s), the same
 * through Postgres (import, then the entity-linker's load) when a server answers
 * at DATABASE_URL, memory held by the linker (goal ≤ 2 GB), and single-thread
 * linking throughput on 600-word articles (goal ≥ 1,000/s).
 */
export const linkingSuite: BenchSuite = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ng-bench-linking-'));
  try {
    const { records, names } = syntheticKb(42);
    const file = join(dir, 'kb.jsonl.gz');
    await writeKbFile(file, records);
    const articles = join(dir, 'articles.json');
    await writeFile(articles, JSON.stringify(syntheticArticles(records, 7)));
    records.length = 0;

    // The import path: records (gzip JSON lines) → index, then a snapshot of it.
    const built = await loadKnowledgeBase([file], { withDefaultKb: false });
    const snapshot = join(dir, 'kb.ngkb');
    await saveSnapshot(built.index, snapshot);
    const stats = built.index.stats;
    const buildSeconds = built.seconds;
    (built as { index: unknown }).index = null;

    const fileLoad = (await loadKnowledgeBase([snapshot])).seconds;
    const postgres = await postgresLeg(file);

    // The entity-linker's situation: a process of its own loads the prebuilt
    // index (from Postgres when it ran, else the file) and links the stream.
    const run = linkerProcess(
      postgres.url ? ['postgres', postgres.url] : ['file', snapshot],
      articles,
    );
    if (postgres.url) await dropDatabase(postgres.url);
    return [
      `knowledge base: ${stats.entities.toLocaleString('en')} entities, ${names.toLocaleString('en')} names generated (${stats.names.toLocaleString('en')} indexed with derived forms), ${stats.tokens.toLocaleString('en')} words, ${stats.trieNodes.toLocaleString('en')} trie nodes`,
      `kb load, prebuilt index file (KB_PATH=kb.ngkb): ${fileLoad.toFixed(2)} s (goal ≤ 15 s)`,
      `kb build from gzip JSON-lines records (import): ${buildSeconds.toFixed(2)} s`,
      ...postgres.lines,
      `linker process (index ${run.from}): load ${run.loadSeconds.toFixed(2)} s (goal ≤ 15 s); memory ${mb(run.memory)} heap + array buffers, peak rss ${mb(run.peakRss)} (goal ≤ 2048 MB)`,
      `linking: ${run.perSecond.toFixed(0)} articles/s wall, ${run.perCpuSecond.toFixed(0)} articles per CPU-second, one thread, ${WORDS_PER_ARTICLE}-word articles after ${WARM_UP} others (goal ≥ 1,000/s); ${run.mentionsPerArticle.toFixed(1)} mentions per article`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

export interface LinkerRun {
  from: string;
  loadSeconds: number;
  memory: number;
  peakRss: number;
  perSecond: number;
  perCpuSecond: number;
  mentionsPerArticle: number;
}

/** Runs tools/bench/dist/linking-worker.js: the linker in a fresh process, as the service runs it. */
function linkerProcess(source: ['postgres' | 'file', string], articles: string): LinkerRun {
  const worker = join(__dirname, '../linking-worker.js');
  return JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', worker, ...source, articles, String(WARM_UP)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as LinkerRun;
}

/**
 * The knowledge base through Postgres: `linking db-import` of the records file
 * into a fresh database (newsgraph_bench_linking on DATABASE_URL's server), and
 * the fallback of building the index from the rows (in a process of its own).
 */
async function postgresLeg(file: string): Promise<{ url: string | null; lines: string[] }> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/newsgraph_bench_linking';
  try {
    await waitForPostgres(url.toString(), 2000);
  } catch (error) {
    return { url: null, lines: [`postgres: skipped (${(error as Error).message})`] };
  }
  await dropDatabase(url.toString());
  execFileSync(process.execPath, [join(__dirname, '../../../stack/dist/main.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: url.toString(), NODE_NO_WARNINGS: '1' },
    stdio: 'ignore',
  });
  const imported = await importKnowledgeBaseToPostgres(url.toString(), [file], {
    withDefaultKb: false,
  });
  const cli = join(__dirname, '../../../../libs/linking/dist/cli.js');
  const load = (args: string[]) =>
    JSON.parse(
      execFileSync(process.execPath, [cli, 'db-load', ...args], {
        env: { ...process.env, DATABASE_URL: url.toString() },
        encoding: 'utf8',
      }),
    ) as { seconds: number; peakRssMB: number };
  const fromRows = load(['--from-rows']);
  return {
    url: url.toString(),
    lines: [
      `postgres import (db-import: COPY of ${imported.records.toLocaleString('en')} records and ${imported.names.toLocaleString('en')} names, then the index built from the rows and stored, ${(imported.indexBytes / 2 ** 20).toFixed(0)} MB): ${imported.seconds.total.toFixed(1)} s (copy ${imported.seconds.copy.toFixed(1)} s, index ${imported.seconds.index.toFixed(1)} s)`,
      `kb load from postgres rows, index built (fallback without a prebuilt index): ${fromRows.seconds.toFixed(1)} s, peak rss ${fromRows.peakRssMB} MB`,
    ],
  };
}

/**
 * Heap plus typed-array memory once collections have settled (the index lives
 * mostly in typed arrays, whose memory is released after the collection that
 * frees them).
 */
export async function memoryInUse(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    settledHeap();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
