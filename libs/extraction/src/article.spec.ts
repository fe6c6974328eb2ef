import { extractArticle } from './index';

const STORY = [
  'The city council voted on Tuesday to expand the tram network, adding three new lines that will connect the northern suburbs with the old town by 2027.',
  'Supporters said the plan, which will cost about 400 million euros, would cut car traffic, reduce noise and give commuters a faster way into the centre.',
  'Opponents, including two shopkeepers’ associations, argued that years of construction would drive customers away from the high street and hurt small businesses.',
  'The mayor promised compensation for affected shops and said work would be carried out in stages, one district at a time, to limit disruption.',
  'A final decision on the route through the market square, the most disputed section, is expected after a public consultation next spring.',
];

const paragraphs = (texts: string[]) => texts.map((t) => `<p>${t}</p>`).join('\n');

function page(opts: { head?: string; article?: string; htmlAttrs?: string } = {}): string {
  return `<!doctype html>
<html ${opts.htmlAttrs ?? 'lang="en"'}>
<head>
  <title>Council backs tram expansion | The Daily Example</title>
  ${opts.head ?? ''}
  <script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
  <style>.share { display: flex; }</style>
</head>
<body>
  <header class="site-header">
    <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  </header>
  <div class="ad-slot" id="top-ad">Advertisement</div>
  <main>
    ${opts.article ?? `<article><h1>Council backs tram expansion</h1><div class="article-body">${paragraphs(STORY)}</div></article>`}
  </main>
  <aside class="sidebar">
    <h3>Most read</h3>
    <ul>
      <li><a href="/a">Local bakery wins national prize for the best sourdough loaf</a></li>
      <li><a href="/b">Heavy rain expected across the region this weekend, forecasters say</a></li>
      <li><a href="/c">New library opens with a rooftop garden and a children's wing</a></li>
    </ul>
  </aside>
  <footer><p>© 2024 The Daily Example. All rights reserved. <a href="/privacy">Privacy</a></p></footer>
</body>
</html>`;
}

const paragraphsOf = (body: string) => body.split('\n\n');

describe('extractArticle: body', () => {
  it('returns the story paragraphs separated by blank lines, without page furniture', () => {
    const { body } = extractArticle(page());
    expect(paragraphsOf(body)).toEqual(STORY);
  });

  it('removes share widgets, related links, captions and comments inside the article', () => {
    const article = `<article>
      <h1>Council backs tram expansion</h1>
      <div class="share-tools"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
      <div class="story-body">
        ${paragraphs(STORY.slice(0, 3))}
        <figure><img src="tram.jpg"><figcaption>A tram crosses the old bridge. Photo: City archive</figcaption></figure>
        <div class="related-links"><h4>Related</h4><ul>
          <li><a href="/x">Tram fares to rise in January for the first time in five years</a></li>
          <li><a href="/y">Cycling lanes planned for the ring road after record demand</a></li>
        </ul></div>
        ${paragraphs(STORY.slice(3))}
      </div>
      <section id="comments" class="comments">
        <div class="comment"><p>I have waited twenty years for this tram, finally some good news for the north of the city.</p></div>
        <div class="comment"><p>Another waste of taxpayers' money, nobody asked for this, the buses work perfectly well as they are.</p></div>
      </section>
    </article>`;
    const { body } = extractArticle(page({ article }));
    expect(paragraphsOf(body)).toEqual(STORY);
  });

  it('keeps a story split into sibling blocks around an advert', () => {
    const article = `<article>
      <div class="article-body__part">${paragraphs(STORY.slice(0, 3))}</div>
      <div class="inline-ad">Advertisement</div>
      <div class="article-body__part">${paragraphs(STORY.slice(3))}</div>
    </article>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual(STORY);
  });

  it('keeps text inside wrappers whose class names sound like boilerplate', () => {
    const article = `<div class="widget-wrap"><div class="widget"><div class="entry-content read-more-wrapper">
      ${paragraphs(STORY)}
    </div></div></div>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual(STORY);
  });

  it('drops datelines and bylines before the first paragraph', () => {
    const article = `<article><div class="article-body">
      <p>By Jane Doe</p>
      <p>Updated 5:27 am CST, Wednesday, November 20, 2019</p>
      ${paragraphs(STORY)}
    </div></article>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual(STORY);
  });

  it('drops a grid of teasers for other stories', () => {
    const teaser = (n: number) =>
      `<div class="teaser"><a href="/s${n}"><img src="t${n}.jpg"></a><div class="title"><a href="/s${n}">Other story number ${n} about the city</a></div><div class="blurb">A short summary of another story, number ${n}.</div></div>`;
    const article = `<article><div class="article-body">
      ${paragraphs(STORY)}
      <div class="more">${[1, 2, 3, 4].map(teaser).join('')}</div>
    </div></article>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual(STORY);
  });

  it('drops the headline repeated above the text, closing calls to action and "more stories" links', () => {
    const article = `<div class="article-body">
      <h2>Council backs tram expansion</h2>
      ${paragraphs(STORY)}
      <p>Follow us on Twitter and sign up for our free morning newsletter.</p>
      <h3>More stories from the city</h3>
      <ul>
        <li><a href="/x">Tram fares to rise in January</a> for the first time in five years</li>
        <li><a href="/y">Cycling lanes planned for the ring road</a> after record demand</li>
      </ul>
    </div>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual(STORY);
  });

  it('stops at a comments heading even without telling class names', () => {
    const comment = (i: number) =>
      `<li><b>Reader${i}</b> says:<p>I think this plan is a waste of money, frankly, and the council should think again, number ${i}.</p></li>`;
    const article = `<div>${paragraphs(STORY)}<h3>6 Responses</h3><ol>${[1, 2, 3, 4, 5, 6].map(comment).join('')}</ol></div>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual(STORY);
  });

  it('keeps subheadings, lists and link-rich paragraphs that are part of the story', () => {
    const linked =
      'The plan follows <a href="/a">a study by the regional transport office</a>. It was <a href="/b">first proposed in 2019</a> and <a href="/c">revised twice since</a>.';
    const article = `<div class="article-body">
      ${paragraphs(STORY.slice(0, 2))}
      <h2>What happens next</h2>
      <p>${linked}</p>
      <ul><li>Line 1 opens in 2025.</li><li>Line 2 follows a year later.</li></ul>
      ${paragraphs(STORY.slice(2))}
    </div>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual([
      ...STORY.slice(0, 2),
      'What happens next',
      'The plan follows a study by the regional transport office. It was first proposed in 2019 and revised twice since.',
      'Line 1 opens in 2025.',
      'Line 2 follows a year later.',
      ...STORY.slice(2),
    ]);
  });

  it('reads loose text separated by line breaks as paragraphs', () => {
    const article = `<div id="text">${STORY.join('<br><br>\n')}</div>`;
    expect(paragraphsOf(extractArticle(page({ article })).body)).toEqual(STORY);
  });

  it('copes with empty and tag-less input', () => {
    expect(extractArticle('').body).toBe('');
    expect(extractArticle('just some words').title).toBe('');
    expect(() => extractArticle('<html><body><div><p>unclosed')).not.toThrow();
  });
});

describe('extractArticle: metadata', () => {
  it('takes the headline from the h1 that the page title decorates', () => {
    expect(extractArticle(page()).title).toBe('Council backs tram expansion');
  });

  it('strips the site name from og:title when there is no matching h1', () => {
    const head = `<meta property="og:title" content="Council backs tram expansion - The Daily Example">
      <meta property="og:site_name" content="The Daily Example">`;
    const article = `<div class="article-body">${paragraphs(STORY)}</div>`;
    expect(extractArticle(page({ head, article })).title).toBe('Council backs tram expansion');
  });

  it('reads byline, date and language from meta tags', () => {
    const head = `<meta name="author" content="By Jane Doe">
      <meta property="article:published_time" content="2024-03-05T09:30:00+01:00">`;
    const a = extractArticle(page({ head, htmlAttrs: 'lang="en-gb"' }));
    expect(a.byline).toBe('Jane Doe');
    expect(a.publishedAt).toBe('2024-03-05T08:30:00.000Z');
    expect(a.language).toBe('en-GB');
  });

  it('falls back on JSON-LD for byline, date and language', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'The Daily Example' },
        {
          '@type': 'NewsArticle',
          headline: 'Council backs tram expansion',
          datePublished: '2024-03-05',
          author: [
            { '@type': 'Person', name: 'Jane Doe' },
            { '@type': 'Person', name: 'Max Mustermann' },
          ],
          inLanguage: 'de_DE',
        },
      ],
    };
    const head = `<script type="application/ld+json">${JSON.stringify(ld)}</script>`;
    const a = extractArticle(page({ head, htmlAttrs: '' }));
    expect(a.byline).toBe('Jane Doe, Max Mustermann');
    expect(a.publishedAt).toBe('2024-03-05T00:00:00.000Z');
    expect(a.language).toBe('de-DE');
  });

  it('falls back on a <time> element and the byline in the page', () => {
    const article = `<article>
      <div class="byline">By <a href="/staff/jd">Jane Doe</a> | March 5, 2024</div>
      <time datetime="2024-03-05T10:00:00Z" class="published">March 5</time>
      <div class="article-body">${paragraphs(STORY)}</div>
    </article>`;
    const a = extractArticle(page({ article, htmlAttrs: '' }));
    expect(a.byline).toBe('Jane Doe');
    expect(a.publishedAt).toBe('2024-03-05T10:00:00.000Z');
    expect(a.language).toBeNull();
  });

  it('gives null for missing or unusable dates', () => {
    const head = `<meta property="article:published_time" content="0001-01-01T00:00:00Z">`;
    expect(extractArticle(page({ head })).publishedAt).toBeNull();
  });

  it('resolves the canonical URL against the page URL and removes tracking parameters', () => {
    const head = `<link rel="canonical" href="/news/tram?id=7&utm_source=newsletter&utm_medium=email&fbclid=abc&mc_cid=1&mc_eid=2#comments">`;
    const a = extractArticle(page({ head }), 'https://example.org/news/tram?gclid=xyz');
    expect(a.canonicalUrl).toBe('https://example.org/news/tram?id=7');
  });

  it('uses og:url, then the page URL, for the canonical URL', () => {
    const head = `<meta property="og:url" content="https://example.org/tram?utm_campaign=x">`;
    expect(extractArticle(page({ head })).canonicalUrl).toBe('https://example.org/tram');
    expect(extractArticle(page(), 'https://example.org/t?gclid=1&page=2').canonicalUrl).toBe(
      'https://example.org/t?page=2',
    );
    expect(extractArticle(page()).canonicalUrl).toBeNull();
  });
});
