import {
  StoryClusterer,
  articleTerms,
  dot,
  linkClusters,
  normaliseNumbers,
  splitHeadline,
  stem,
  unitVector,
  type StoryArticle,
} from './index';

/** Seeded PRNG so the synthetic stream is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

interface Event {
  kind: 'quake' | 'fire' | 'trade';
  place: string;
  person: string;
  figure: string;
  day: string;
}

const TOPIC: Record<Event['kind'], string[]> = {
  quake: [
    'The earthquake shook buildings and sent residents into the streets.',
    'Seismologists said aftershocks were likely over the coming days.',
    'The quake was felt across the region, the geological survey reported.',
    'Rescue teams searched collapsed homes for survivors of the tremor.',
  ],
  fire: [
    'Firefighters battled the blaze for hours before bringing it under control.',
    'Police are treating the fire at the supermarket as suspicious.',
    'Smoke could be seen for miles as the roof of the store collapsed.',
    'Fire crews remained at the scene to damp down the supermarket.',
  ],
  trade: [
    'The club made a long contract offer to the free agent first baseman.',
    'His agent said several teams remained in the bidding for the slugger.',
    'The offer would be among the richest in the history of the club.',
    'Baseball executives expect the bidding to last until the winter meetings.',
  ],
};

function article(e: Event, n: number, random: () => number): StoryArticle {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const lead = pick([
    `${e.person} said the ${e.kind} in ${e.place} on ${e.day} was serious, with ${e.figure} reported.`,
    `In ${e.place}, ${e.person} confirmed on ${e.day} that ${e.figure} were counted after the ${e.kind}.`,
    `Officials in ${e.place} and ${e.person} gave a figure of ${e.figure} after ${e.day}'s ${e.kind}.`,
  ]);
  const topic = [...TOPIC[e.kind]].sort(() => random() - 0.5).slice(0, 2);
  const detail = `Speaking in ${e.place}, ${e.person} repeated that ${e.figure} was the latest figure.`;
  return {
    id: `${e.place.toLowerCase()}-${n}`,
    title: `${e.kind === 'trade' ? 'Offer' : 'Disaster'} in ${e.place}: ${e.person} speaks`,
    text: [lead, ...topic, detail].join('\n\n'),
  };
}

const EVENTS: Event[] = [
  {
    kind: 'quake',
    place: 'Qeshm',
    person: 'Mehdi Dargahan',
    figure: '5.6 magnitude',
    day: 'Sunday',
  },
  { kind: 'quake', place: 'Bam', person: 'Ali Rezaei', figure: '6.1 magnitude', day: 'Friday' },
  {
    kind: 'fire',
    place: 'Banstead',
    person: 'Sarah Collins',
    figure: '50 firefighters',
    day: 'Tuesday',
  },
  { kind: 'fire', place: 'Wellington', person: 'Robert Pitman', figure: '8 crews', day: 'Sunday' },
  {
    kind: 'trade',
    place: 'Anaheim',
    person: 'Tony Reagins',
    figure: '$160 million',
    day: 'Friday',
  },
];

/** Six articles per event, interleaved as a stream would bring them. */
function stream(seed = 7): { article: StoryArticle; event: number }[] {
  const random = prng(seed);
  const out: { article: StoryArticle; event: number }[] = [];
  for (let n = 0; n < 6; n++)
    EVENTS.forEach((e, i) => out.push({ article: article(e, n, random), event: i }));
  return out;
}

describe('features', () => {
  it('repairs split numbers and times', () => {
    expect(normaliseNumbers('a magnitude 4. 6 quake at 2: 09 a. m. hurt 200, 000')).toBe(
      'a magnitude 4.6 quake at 2:09 am hurt 200,000',
    );
  });

  it('folds plurals', () => {
    expect(stem('quakes')).toBe('quake');
    expect(stem('injuries')).toBe('injury');
    expect(stem('glass')).toBe('glass');
    expect(stem('census')).toBe('census');
  });

  it('takes the title, or a headline-like first line', () => {
    expect(splitHeadline('Quake hits Iran', 'Body.')).toEqual({
      headline: 'Quake hits Iran',
      body: 'Body.',
    });
    expect(splitHeadline(null, 'Quake hits Iran\n\nA quake hit.')).toEqual({
      headline: 'Quake hits Iran',
      body: '\nA quake hit.',
    });
    expect(splitHeadline(null, 'A quake hit Iran.\nMore.')).toEqual({
      headline: '',
      body: 'A quake hit Iran.\nMore.',
    });
  });

  it('weights names, numbers and weekdays up and drops function words', () => {
    const terms = articleTerms(
      null,
      'On Sunday the quake in Qeshm hurt 5 people and the quake hurt Qeshm too.',
    );
    expect(terms.has('the')).toBe(false);
    expect(terms.has('sunday')).toBe(true);
    expect(terms.has('5')).toBe(true);
    // "Qeshm" twice as a name (x3), "quake" twice as a word (x1), sublinear.
    expect(terms.get('qeshm')).toBeCloseTo(1 + Math.log(6), 6);
    expect(terms.get('quake')).toBeCloseTo(1 + Math.log(2), 6);
    // Possessives fold into the name.
    expect(articleTerms(null, "He met Bush's aides and Bush.").get('bush')).toBeCloseTo(
      1 + Math.log(6),
      6,
    );
  });
});

describe('sparse vectors', () => {
  it('are unit length and multiply by merging ids', () => {
    const a = unitVector([
      [3, 3],
      [1, 4],
    ]);
    expect([...a.ids]).toEqual([1, 3]);
    expect(dot(a, a)).toBeCloseTo(1, 6);
    const b = unitVector([[3, 1]]);
    expect(dot(a, b)).toBeCloseTo(0.6, 6);
    expect(dot(a, unitVector([[9, 1]]))).toBe(0);
  });
});

describe('linkClusters', () => {
  const triangle = (x: number, w: number) => [
    { a: x, b: x + 1, weight: w },
    { a: x + 1, b: x + 2, weight: w },
    { a: x, b: x + 2, weight: w },
  ];

  it('keeps two groups apart when few of their links cross', () => {
    const edges = [...triangle(0, 0.5), ...triangle(3, 0.5), { a: 2, b: 3, weight: 0.2 }];
    expect([...linkClusters(7, edges, 0.15)]).toEqual([0, 0, 0, 3, 3, 3, 6]);
  });

  it('joins them when enough of the smaller group links across', () => {
    const edges = [
      ...triangle(0, 0.5),
      ...triangle(3, 0.5),
      { a: 2, b: 3, weight: 0.6 },
      { a: 1, b: 4, weight: 0.4 },
    ];
    expect([...linkClusters(6, edges, 0.15)]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('does not depend on the order of the edges', () => {
    const edges = [
      ...triangle(0, 0.5),
      ...triangle(3, 0.4),
      { a: 2, b: 3, weight: 0.3 },
      { a: 5, b: 6, weight: 0.9 },
    ];
    const a = linkClusters(7, edges, 0.2);
    const b = linkClusters(7, [...edges].reverse(), 0.2);
    expect([...a]).toEqual([...b]);
  });
});

describe('StoryClusterer', () => {
  const run = (options = {}) => {
    const c = new StoryClusterer(options);
    const items = stream();
    for (const { article: a } of items) c.assign(a);
    c.refine();
    return { c, items };
  };

  it('groups the articles of each event and keeps events of the same kind apart', () => {
    const { c, items } = run();
    const storyOfEvent = EVENTS.map(
      (_, i) => new Set(items.filter((x) => x.event === i).map((x) => c.storyOf(x.article.id))),
    );
    for (const stories of storyOfEvent) expect(stories.size).toBe(1);
    expect(new Set(storyOfEvent.map((s) => [...s][0])).size).toBe(EVENTS.length);
  });

  it('names a story after its earliest article and summarises it', () => {
    const { c, items } = run();
    const first = items[0]!.article;
    const summary = c.summary(c.storyOf(first.id)!);
    expect(summary.id).toBe(`s-${first.id}`);
    expect(summary.articleCount).toBe(6);
    expect(summary.title).toMatch(/Qeshm/);
    expect(c.stories()).toHaveLength(EVENTS.length);
  });

  it('reports what refinement moved', () => {
    const c = new StoryClusterer({ refineEvery: 0 });
    for (const { article: a } of stream()) c.assign(a);
    for (const change of c.refine()) expect(c.storyOf(change.articleId)).toBe(change.to);
    expect(c.refine()).toEqual([]);
  });

  it('is deterministic', () => {
    const a = run().c;
    const b = run().c;
    expect(a.stories()).toEqual(b.stories());
  });

  it('opens a new story after a story was inactive for too long', () => {
    const c = new StoryClusterer({ inactivityMs: 3_600_000 });
    const items = stream().filter((x) => x.event === 0);
    const t0 = Date.UTC(2024, 0, 1);
    items.slice(0, 3).forEach(({ article: a }, i) => c.assign({ ...a, at: t0 + i * 60_000 }));
    const same = c.assign({ ...items[3]!.article, at: t0 + 30 * 60_000 });
    expect(same.isNew).toBe(false);
    expect(same.story).toMatchObject({
      firstSeen: t0,
      lastSeen: t0 + 30 * 60_000,
      articleCount: 4,
    });
    const later = c.assign({ ...items[4]!.article, at: t0 + 5 * 3_600_000 });
    expect(later.isNew).toBe(true);
  });

  it('forgets articles beyond its window but keeps counting them in their story', () => {
    const c = new StoryClusterer({ maxArticles: 8 });
    const items = stream();
    for (const { article: a } of items) c.assign(a);
    expect(c.storyOf(items[0]!.article.id)).toBeUndefined();
    const total = c.stories().reduce((n, s) => n + s.articleCount, 0);
    expect(total).toBeLessThanOrEqual(items.length);
    expect(total).toBeGreaterThan(8);
  });

  it('continues identically after serialize() and restore()', () => {
    const items = stream();
    const a = new StoryClusterer({ refineEvery: 7 });
    items.slice(0, 17).forEach(({ article: x }) => a.assign(x));
    const b = StoryClusterer.restore(a.serialize());
    const rest = items.slice(17).map((x) => x.article);
    expect(rest.map((x) => b.assign(x))).toEqual(rest.map((x) => a.assign(x)));
    expect(b.stories()).toEqual(a.stories());
    expect(() => StoryClusterer.restore('{"format":"other"}')).toThrow();
  });

  it('continues identically from a snapshot taken at any point, refinements included', () => {
    const items = stream().map((x) => x.article);
    const whole = new StoryClusterer({ refineEvery: 3 });
    const expected = items.map((x) => whole.assign(x));
    for (let cut = 1; cut < items.length; cut += 4) {
      const a = new StoryClusterer({ refineEvery: 3 });
      const before = items.slice(0, cut).map((x) => a.assign(x));
      const b = StoryClusterer.restore(a.serialize());
      expect([...before, ...items.slice(cut).map((x) => b.assign(x))]).toEqual(expected);
    }
  });

  it('refuses an article id it has already seen', () => {
    const c = new StoryClusterer();
    const a = stream()[0]!.article;
    c.assign(a);
    expect(() => c.assign(a)).toThrow(/already/);
  });
});
