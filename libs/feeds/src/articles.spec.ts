import type { ExtractedArticle } from '@newsgraph/extraction';
import {
  articleUrl,
  isUsablePageBody,
  toRawArticle,
  wordCount,
  type ArticleOrSkip,
  type ItemPage,
} from './articles';
import type { FeedEntry } from './parse-feed';

const source = { id: 'src', name: 'Source', url: 'https://news.example/feed' };
const ingestedAt = new Date('2020-03-06T12:00:00Z');
const story = (n: number) =>
  Array.from({ length: n }, (_, i) => `Sentence ${i} of the story tells the council met.`).join(
    '\n\n',
  );

const entry = (over: Partial<FeedEntry> = {}): FeedEntry => ({
  guid: 'g1',
  link: 'https://news.example/a/1?utm_source=rss&fbclid=xyz&id=7',
  title: 'Council meets',
  summary: 'The council met on Friday.',
  content: null,
  publishedAt: new Date('2020-03-05T09:00:00Z'),
  author: null,
  ...over,
});

const page = (
  over: Partial<ExtractedArticle> = {},
  url = 'https://news.example/a/1',
): ItemPage => ({
  url,
  extracted: {
    title: 'Council meets | News',
    body: story(6),
    byline: 'Ann Writer',
    publishedAt: '2020-03-04T08:30:00.000Z',
    language: 'en-GB',
    canonicalUrl: 'https://news.example/a/1?id=7',
    ...over,
  },
});

const article = (made: ArticleOrSkip) => {
  if (!('article' in made)) throw new Error(`skipped: ${made.skipped}`);
  return made;
};

describe('wordCount', () => {
  it('counts words, and unspaced scripts at about two characters a word', () => {
    expect(wordCount('The council met, on Friday.')).toBe(5);
    expect(wordCount('')).toBe(0);
    expect(wordCount('市议会周五开会')).toBe(4);
  });
});

describe('isUsablePageBody', () => {
  it('wants an article-sized text not much shorter than the feed’s', () => {
    expect(isUsablePageBody(story(3), 'Short summary.')).toBe(true);
    expect(isUsablePageBody('Accept cookies to continue.', '')).toBe(false);
    // A paywalled page: the feed carried the whole story.
    expect(isUsablePageBody(story(3), story(10))).toBe(false);
  });
});

describe('articleUrl', () => {
  it('prefers the canonical URL, then the page’s address, then the link, without tracking', () => {
    expect(articleUrl('https://x.example/a?utm_medium=feed', page())).toBe(
      'https://news.example/a/1?id=7',
    );
    expect(
      articleUrl(
        'https://x.example/a',
        page({ canonicalUrl: null }, 'https://x.example/b?gclid=1'),
      ),
    ).toBe('https://x.example/b');
    expect(articleUrl('https://x.example/a?utm_medium=feed&fbclid=1#top', null)).toBe(
      'https://x.example/a',
    );
    expect(articleUrl(null, null)).toBeNull();
  });

  it('passes over a canonical URL naming the front page for an article elsewhere', () => {
    expect(articleUrl(null, page({ canonicalUrl: 'https://news.example/' }))).toBe(
      'https://news.example/a/1',
    );
  });
});

describe('toRawArticle', () => {
  it('merges a usable page: its text, language and canonical URL; the feed’s title and date', () => {
    const made = article(toRawArticle(entry(), 'g1', source, { ingestedAt, page: page() }));
    expect(made.bodyFrom).toBe('page');
    expect(made.article).toMatchObject({
      externalId: 'g1',
      title: 'Council meets',
      body: story(6),
      language: 'en-GB',
      publishedAt: '2020-03-05T09:00:00.000Z',
      url: 'https://news.example/a/1?id=7',
    });
  });

  it('takes the title and date from the page when the feed has none', () => {
    const made = article(
      toRawArticle(entry({ title: null, publishedAt: null }), 'g1', source, {
        ingestedAt,
        language: 'fr',
        page: page(),
      }),
    );
    expect(made.article).toMatchObject({
      title: 'Council meets | News',
      publishedAt: '2020-03-04T08:30:00.000Z',
      language: 'en-GB',
    });
  });

  it('falls back to the cleaned feed text without a page, or with a thin one', () => {
    const withChrome = entry({
      content:
        'The council met on Friday and agreed the budget.\n\nRead more:\nBridge to reopen in May\nNew mayor sworn in',
    });
    for (const p of [null, page({ body: 'Subscribe to read this story.', language: 'de' })]) {
      const made = article(
        toRawArticle(withChrome, 'g1', source, { ingestedAt, language: 'en', page: p }),
      );
      expect(made.bodyFrom).toBe('feed');
      expect(made.article).toMatchObject({
        body: 'The council met on Friday and agreed the budget.',
        language: 'en',
        // A page that is not the article contributes nothing, not even its URL.
        url: 'https://news.example/a/1?id=7',
        publishedAt: '2020-03-05T09:00:00.000Z',
      });
    }
  });

  it('keeps the feed text whole when the cleaner would take a line for the title', () => {
    const made = article(
      toRawArticle(entry({ title: null, summary: 'World\n\nThe council met.' }), 'g1', source, {
        ingestedAt,
      }),
    );
    expect(made.article).toMatchObject({ title: 'World', body: 'World\n\nThe council met.' });
  });

  it('takes the byline from the feed item’s author, else from a usable page', () => {
    const byline = (over: Partial<FeedEntry>, p: ItemPage | null) =>
      article(toRawArticle(entry(over), 'g1', source, { ingestedAt, page: p })).article.byline;
    expect(byline({ author: '  Jane\n Doe ' }, page())).toBe('Jane Doe');
    expect(byline({ author: null }, page())).toBe('Ann Writer');
    expect(byline({ author: '' }, page({ byline: 'Bo Reporter, Cy Editor' }))).toBe(
      'Bo Reporter, Cy Editor',
    );
    expect(byline({ author: null }, page({ byline: null }))).toBeNull();
    expect(byline({ author: null }, null)).toBeNull();
    // A page that is not the article (a consent wall) lends it no byline either.
    expect(byline({ author: null }, page({ body: 'Accept cookies to continue.' }))).toBeNull();
    expect(byline({ author: 'x'.repeat(600) }, null)).toHaveLength(500);
  });

  it('keeps the article id of the item key whatever the page says', () => {
    const a = article(toRawArticle(entry(), 'g1', source, { ingestedAt, page: page() }));
    const b = article(toRawArticle(entry(), 'g1', source, { ingestedAt }));
    expect(a.article.articleId).toBe(b.article.articleId);
    expect(a.article.contentHash).not.toBe(b.article.contentHash);
  });

  it('skips an item with neither title nor text', () => {
    expect(
      toRawArticle(entry({ title: null, summary: null }), 'g1', source, { ingestedAt }),
    ).toEqual({ skipped: 'no title and no text' });
  });
});
