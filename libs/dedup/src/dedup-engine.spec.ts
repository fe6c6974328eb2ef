import { createHash } from 'node:crypto';
import type { RawArticle } from '@newsgraph/contracts';
import { sampleFeed } from '@newsgraph/devstack';
import { DedupEngine, type DedupEngineOptions } from './dedup-engine';
import { finalStories, InMemoryDedup } from './replay';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function raw(
  name: string,
  title: string,
  body: string,
  minute = 0,
  url: string | null = null,
): RawArticle {
  return {
    schemaVersion: 1,
    articleId: md5(name),
    source: { id: name.split('/')[0]!, name: name.split('/')[0]!, url: null },
    externalId: name,
    url,
    title,
    body,
    language: 'en',
    publishedAt: null,
    ingestedAt: new Date(Date.UTC(2020, 2, 5, 12, minute)).toISOString(),
    contentHash: sha(body),
    byline: null,
  };
}

/** Runs a stream through an engine, exact claims in memory. */
function run(engine: DedupEngine, articles: RawArticle[], from = 0) {
  const dedup = new InMemoryDedup(engine);
  return articles.map((a, i) => dedup.decide(a, from + i));
}

const wire = [
  'The central bank raised its main interest rate by half a point on Thursday, the largest increase in two decades.',
  'Governor Ana Lindqvist told reporters in Stockholm that inflation had proved more persistent than forecast.',
  'Markets had expected a smaller move, and the krona rose sharply against the euro after the announcement.',
  'Economists said further increases were likely before the end of the year as energy prices kept climbing.',
  'The bank also lowered its growth forecast and warned that unemployment would rise in the coming months.',
].join('\n\n');

const EVENTS: Record<string, { title: string; lines: string[] }> = {
  valencia: {
    title: 'Floods in Valencia',
    lines: [
      'Mayor Carmen Ortiz said torrential rain flooded streets across Valencia overnight.',
      'Rivers burst their banks and cars were swept along flooded avenues, residents said.',
      'Ortiz asked people in Valencia to stay indoors while pumps drained underground garages.',
      'Meteorologists warned that more storms would hit the Valencia coast before Friday.',
    ],
  },
  kamloops: {
    title: 'Wildfire near Kamloops',
    lines: [
      'Fire chief Dan Whitford ordered evacuations as the wildfire crossed the highway near Kamloops.',
      'Water bombers dropped retardant on the ridge while strong winds pushed the flames east.',
      'Whitford said dry lightning had started the blaze in the hills above Kamloops.',
      'Smoke from the Kamloops wildfire closed schools and grounded flights in the valley.',
    ],
  },
  sapporo: {
    title: 'Sapporo landslide',
    lines: [
      'Governor Kenji Aoki said a landslide buried houses on the edge of Sapporo after the earthquake.',
      'Soldiers dug through mud and rubble with shovels, searching for missing residents.',
      'Aoki told parliament the hillside above Sapporo had been unstable for years.',
      'Geologists feared aftershocks could loosen more soil on the slopes around Sapporo.',
    ],
  },
};

function event(place: keyof typeof EVENTS, n: number): RawArticle {
  const { title, lines } = EVENTS[place]!;
  // Different sentence subsets per article; no shared numbers, which weigh a lot.
  const body = [...lines.slice(n % 4), ...lines.slice(0, n % 4)].slice(0, n < 4 ? 3 : 2).join(' ');
  return raw(`${place}/${n}`, title, body, n);
}

describe('DedupEngine', () => {
  it('finds no copy among the seed articles and puts all five in one story', () => {
    const seeds = sampleFeed().map((s, i) => raw(`seeds/${s.id}`, s.title, s.text, i));
    const decisions = run(DedupEngine.create(), seeds);
    expect(decisions.map((d) => d.deduped.verdict.kind)).toEqual(Array(5).fill('unique'));
    expect(new Set(finalStories(decisions).values()).size).toBe(1);
  });

  it('marks exact and near copies of the earliest article and puts them in its story', () => {
    const original = raw('wire/1', 'Bank raises rates', wire, 0);
    const exact = raw('paper/1', 'Rates up by half a point', wire, 1);
    const truncated = raw('blog/1', 'Rate rise', wire.split('\n\n').slice(0, 3).join('\n\n'), 2);
    const edited = raw(
      'site/1',
      'Central bank surprises markets',
      `Share this article\nRead More: markets\n\n${wire.replace('two decades', '20 years')}\n\nDiscuss`,
      3,
    );
    const [o, e, t, x] = run(DedupEngine.create(), [original, exact, truncated, edited]).map(
      (d) => d.deduped,
    );
    expect(o!.verdict).toEqual({ kind: 'unique', duplicateOf: null, similarity: 0 });
    expect(e!.verdict).toEqual({ kind: 'exact', duplicateOf: original.articleId, similarity: 1 });
    expect(t!.verdict).toMatchObject({ kind: 'near', duplicateOf: original.articleId });
    expect(x!.verdict).toMatchObject({ kind: 'near', duplicateOf: original.articleId });
    expect(x!.verdict.similarity).toBeGreaterThan(0.65);
    expect(new Set([o, e, t, x].map((d) => d!.story.id))).toEqual(new Set([o!.story.id]));
  });

  it('gives an exact copy of a near copy the group canonical', () => {
    const original = raw('wire/1', 'Bank raises rates', wire, 0);
    const near = raw('blog/1', 'Rate rise', wire.split('\n\n').slice(0, 3).join('\n\n'), 1);
    const again = raw('mirror/1', 'Rate rise', near.body, 2);
    const decisions = run(DedupEngine.create(), [original, near, again]);
    expect(decisions[2]!.deduped.verdict).toMatchObject({
      kind: 'exact',
      duplicateOf: original.articleId,
    });
  });

  it('groups separate events into separate stories, moving articles as evidence comes in', () => {
    const stream: RawArticle[] = [];
    for (let n = 0; n < 8; n++) {
      stream.push(event('valencia', n), event('kamloops', n), event('sapporo', n));
    }
    const decisions = run(DedupEngine.create({ stories: { refineEvery: 4 } }), stream);
    const final = finalStories(decisions);
    const storyOf = (place: string) =>
      new Set(
        stream.filter((a) => a.externalId.startsWith(place)).map((a) => final.get(a.articleId)),
      );
    for (const place of ['valencia', 'kamloops', 'sapporo']) expect(storyOf(place).size).toBe(1);
    expect(new Set(final.values()).size).toBe(3);
    for (const m of decisions.flatMap((d) => d.moves)) {
      expect(m.previousStoryId).not.toBe(m.story.id);
      expect(m.story.title).not.toBe('');
    }
  });

  it('decides the same after a snapshot and restore as without', () => {
    const options: DedupEngineOptions = { stories: { refineEvery: 3 } };
    const stream: RawArticle[] = [];
    for (let n = 0; n < 6; n++) {
      stream.push(event('valencia', n), event('kamloops', n));
    }
    stream.push(raw('wire/1', 'Bank raises rates', wire, 30), raw('paper/1', 'Copy', wire, 31));
    const whole = run(DedupEngine.create(options), stream);

    const first = DedupEngine.create(options);
    const before = run(first, stream.slice(0, 7), 0);
    const restored = DedupEngine.restore(first.serialize());
    expect(restored.lastOffset).toBe(6);
    const after = run(restored, stream.slice(7), 7);
    expect([...before, ...after]).toEqual(whole);
  });

  it('repeats its decision for an article it has seen, without changing its state', () => {
    const engine = DedupEngine.create();
    const a = raw('wire/1', 'Bank raises rates', wire, 0);
    const b = raw('blog/1', 'Rate rise', wire.split('\n\n').slice(0, 3).join('\n\n'), 1);
    const [first, copy] = run(engine, [a, b]);
    const [again, copyAgain] = run(engine, [a, b], 2);
    expect(again!.deduped.verdict).toEqual(first!.deduped.verdict);
    // Same story decision, same revision: a re-import changes nothing downstream.
    expect(again!.deduped.story).toEqual(first!.deduped.story);
    expect(copyAgain!.deduped.story).toEqual(copy!.deduped.story);
    expect(copyAgain!.deduped.verdict).toEqual(copy!.deduped.verdict);
    expect(() => engine.decide(a, 3, { articleId: a.articleId, title: a.title })).toThrow(
      /already decided/,
    );
  });

  it('decides an article again after its decision failed, instead of skipping it', () => {
    const engine = DedupEngine.create();
    const article = raw('wire/1', 'Bank raises rates', wire, 0);
    let failures = 1;
    const flaky = Object.defineProperty({ ...article }, 'body', {
      get: () => {
        if (failures-- > 0) throw new Error('transient');
        return article.body;
      },
    });
    const self = { articleId: article.articleId, title: article.title };
    expect(() => engine.decide(flaky, 0, self)).toThrow('transient');
    expect(engine.lastOffset).toBe(-1);
    expect(engine.decide(flaky, 0, self).deduped.verdict.kind).toBe('unique');
    expect(engine.lastOffset).toBe(0);
  });

  it('decides empty, huge and unexpected-script texts', () => {
    const huge = Array.from({ length: 120_000 }, (_, i) => `word${i % 5000} text${i}`).join(' ');
    const articles = [
      raw('odd/1', 'Empty', ' ', 0),
      raw('odd/2', 'Dots', '. . .', 1),
      raw('odd/3', 'Huge', huge, 2),
      raw(
        'odd/4',
        '東京で地震',
        '東京で強い地震があり、多くの建物が揺れました。気象庁は津波の心配はないとしています。',
        3,
      ),
      raw('odd/5', 'Μεγάλη φωτιά', 'Μεγάλη φωτιά ξέσπασε στην Αθήνα το απόγευμα της Δευτέρας.', 4),
    ];
    expect(huge.length).toBeGreaterThan(2_000_000);
    const decisions = run(DedupEngine.create(), articles);
    expect(decisions.map((d) => d.deduped.verdict.kind)).toEqual(Array(5).fill('unique'));
    for (const d of decisions) expect(d.deduped.story.title.length).toBeGreaterThan(0);
  });
});
