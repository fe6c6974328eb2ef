import {
  backoffDelay,
  defaultSchedule,
  itemKeyOf,
  languageTag,
  nextPollDelay,
  observedIntervalSeconds,
  toRawArticle,
  updateMeanInterval,
  type FeedEntry,
  type ScheduleOptions,
} from './index';

const schedule: ScheduleOptions = {
  ...defaultSchedule,
  minIntervalMs: 60_000,
  maxIntervalMs: 3600_000,
  defaultIntervalMs: 600_000,
  backoffBaseMs: 10_000,
  maxBackoffMs: 7200_000,
  jitter: 0.1,
};
const mid = () => 0.5;

describe('nextPollDelay', () => {
  it('polls twice per observed publish interval, within the bounds', () => {
    expect(nextPollDelay(1200, schedule, mid)).toBe(600_000);
    expect(nextPollDelay(null, schedule, mid)).toBe(600_000);
    expect(nextPollDelay(10, schedule, mid)).toBe(60_000);
    expect(nextPollDelay(86_400, schedule, mid)).toBe(3600_000);
  });

  it('jitters by at most the configured fraction', () => {
    expect(nextPollDelay(1200, schedule, () => 0)).toBe(540_000);
    expect(nextPollDelay(1200, schedule, () => 1)).toBe(660_000);
  });
});

describe('backoffDelay', () => {
  it('doubles per consecutive failure, with equal jitter, up to the cap', () => {
    expect(backoffDelay(1, schedule, null, () => 0)).toBe(5_000);
    expect(backoffDelay(1, schedule, null, () => 1)).toBe(10_000);
    expect(backoffDelay(3, schedule, null, () => 1)).toBe(40_000);
    expect(backoffDelay(4, schedule, null, () => 0)).toBe(40_000);
    expect(backoffDelay(40, schedule, null, () => 1)).toBe(7200_000);
    const delays = Array.from({ length: 50 }, () => backoffDelay(5, schedule));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(80_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(160_000);
  });

  it('honours Retry-After, bounded by the minimum interval and the cap', () => {
    expect(backoffDelay(1, schedule, 300_000)).toBe(300_000);
    expect(backoffDelay(1, schedule, 1_000)).toBe(60_000);
    expect(backoffDelay(1, schedule, 10 * 86_400_000)).toBe(7200_000);
  });
});

describe('publish rate', () => {
  const now = new Date('2020-03-05T12:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

  it('takes the mean gap between dated items, at least the silence since the newest', () => {
    expect(observedIntervalSeconds([hoursAgo(1), hoursAgo(2), hoursAgo(3)], now)).toBe(3600);
    expect(observedIntervalSeconds([hoursAgo(10), hoursAgo(11), null], now)).toBe(36_000);
    expect(observedIntervalSeconds([hoursAgo(1)], now)).toBeNull();
    // A future date (bad clock) is ignored.
    expect(
      observedIntervalSeconds([new Date(now.getTime() + 86_400_000), hoursAgo(1)], now),
    ).toBeNull();
  });

  it('smooths the observations', () => {
    expect(updateMeanInterval(null, 100, 0.3)).toBe(100);
    expect(updateMeanInterval(100, null, 0.3)).toBe(100);
    expect(updateMeanInterval(100, 200, 0.3)).toBeCloseTo(130);
  });
});

describe('feed items as raw articles', () => {
  const entry: FeedEntry = {
    guid: null,
    link: 'https://x.example/a',
    title: 'A title',
    summary: 'Short.',
    content: 'The long content.\n\nSecond paragraph.',
    publishedAt: new Date('2020-01-01T00:00:00Z'),
    author: null,
  };
  const source = { id: 'x-example-123', name: 'X', url: 'https://x.example/feed' };

  it('keys items by guid, else link, else content digest', () => {
    expect(itemKeyOf({ ...entry, guid: 'g-1' })).toBe('g-1');
    expect(itemKeyOf(entry)).toBe('https://x.example/a');
    expect(itemKeyOf({ ...entry, link: null })).toMatch(/^content:[0-9a-f]{64}$/);
    expect(itemKeyOf({ ...entry, guid: 'x'.repeat(600) })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('builds a valid raw article with a stable id', () => {
    const made = toRawArticle(entry, 'k1', source, {
      language: 'en_US',
      ingestedAt: new Date('2020-01-02T00:00:00Z'),
    });
    expect(made).toMatchObject({
      article: {
        externalId: 'k1',
        title: 'A title',
        body: 'The long content.\n\nSecond paragraph.',
        language: 'en-US',
        publishedAt: '2020-01-01T00:00:00.000Z',
        source,
      },
    });
    const again = toRawArticle(entry, 'k1', source, { ingestedAt: new Date() });
    expect('article' in again && 'article' in made && again.article.articleId).toBe(
      'article' in made && made.article.articleId,
    );
  });

  it('falls back to the title for link-only items and skips items with nothing', () => {
    const linkOnly = toRawArticle({ ...entry, summary: null, content: null }, 'k', source, {
      ingestedAt: new Date(),
    });
    expect('article' in linkOnly && linkOnly.article.body).toBe('A title');
    const untitled = toRawArticle({ ...entry, title: null }, 'k', source, {
      ingestedAt: new Date(),
    });
    expect('article' in untitled && untitled.article.title).toBe('The long content.');
    expect(
      toRawArticle({ ...entry, title: null, summary: null, content: null }, 'k', source, {
        ingestedAt: new Date(),
      }),
    ).toEqual({ skipped: 'no title and no text' });
  });

  it('keeps only plausible language tags', () => {
    expect(languageTag('fr')).toBe('fr');
    expect(languageTag('English')).toBeNull();
    expect(languageTag('')).toBeNull();
  });
});
