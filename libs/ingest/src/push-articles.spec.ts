import { RawArticleV1 } from '@newsgraph/contracts';
import { ApiKeyRing, parseApiKeys, PushRequestError, validatePush } from './index';

describe('ApiKeyRing', () => {
  it('identifies the owner of a key and nothing else', () => {
    const ring = new ApiKeyRing(parseApiKeys('reuters:key-one-0123456789, bare-key-0123456789'));
    expect(ring.size).toBe(2);
    expect(ring.identify('key-one-0123456789')).toBe('reuters');
    expect(ring.identify('bare-key-0123456789')).toBe('push');
    expect(ring.identify('key-one-012345678')).toBeNull();
    expect(ring.identify('')).toBeNull();
    expect(ring.identify(undefined)).toBeNull();
  });
});

describe('validatePush', () => {
  const now = new Date('2020-03-05T12:00:00Z');
  const good = {
    id: 'story-1',
    title: '  Putin   meets Erdoğan ',
    body: 'First paragraph.\r\n\r\nSecond.',
    url: 'https://wire.example/story-1',
    publishedAt: '2020-03-05T10:00:00+01:00',
    language: 'en',
    byline: ' Jane   Doe ',
  };

  it('turns valid items into raw articles in the owner’s source', () => {
    const { accepted, rejected } = validatePush(good, { owner: 'wire', maxItems: 10, now });
    expect(rejected).toEqual([]);
    const article = accepted[0]!.article;
    expect(RawArticleV1.parse(article)).toEqual(article);
    expect(article).toMatchObject({
      source: { id: 'push-wire', name: 'wire', url: null },
      externalId: 'story-1',
      title: 'Putin meets Erdoğan',
      body: 'First paragraph.\n\nSecond.',
      publishedAt: '2020-03-05T09:00:00.000Z',
      ingestedAt: '2020-03-05T12:00:00.000Z',
      byline: 'Jane Doe',
    });
    const { byline: _, ...unsigned } = good;
    expect(validatePush(unsigned, { owner: 'wire', maxItems: 1 }).accepted[0]!.article.byline).toBe(
      null,
    );
    const named = validatePush([{ ...good, source: { name: 'Wire Desk' } }], {
      owner: 'wire',
      maxItems: 10,
    });
    expect(named.accepted[0]!.article.source).toEqual({
      id: 'push-wire-wire-desk',
      name: 'Wire Desk',
      url: null,
    });
  });

  it('reports every problem of every bad item and keeps the good ones', () => {
    const result = validatePush(
      [
        good,
        { id: '', title: 'x', body: 'y' },
        { ...good, url: 'javascript:alert(1)', publishedAt: 'yesterday', extra: 1 },
        { ...good, body: ' \n\t ' },
        'text',
        { ...good, byline: 'x'.repeat(501) },
      ],
      { owner: 'wire', maxItems: 10, now },
    );
    expect(result.accepted.map((a) => a.index)).toEqual([0]);
    expect(result.rejected).toEqual([
      { index: 1, errors: [expect.stringMatching(/^id: /)] },
      {
        index: 2,
        errors: expect.arrayContaining([
          expect.stringMatching(/^url: must be an http\(s\) URL/),
          expect.stringMatching(/^publishedAt: /),
          expect.stringMatching(/extra/),
        ]),
      },
      { index: 3, errors: ['body: has no text once white space is removed'] },
      { index: 4, errors: [expect.stringMatching(/^\(item\): /)] },
      { index: 5, errors: [expect.stringMatching(/^byline: /)] },
    ]);
  });

  it('refuses empty, oversized and non-object requests', () => {
    expect(() => validatePush([], { owner: 'w', maxItems: 2 })).toThrow(PushRequestError);
    expect(() => validatePush([good, good, good], { owner: 'w', maxItems: 2 })).toThrow(
      /at most 2 articles per request \(got 3\)/,
    );
    expect(() => validatePush('x', { owner: 'w', maxItems: 2 })).toThrow(/article object/);
    expect(() => validatePush(null, { owner: 'w', maxItems: 2 })).toThrow(/article object/);
  });
});
