import {
  buildOpml,
  feedIdFor,
  InvalidOpmlError,
  normalizeFeedUrl,
  parseOpml,
  stripUnsafeXmlProlog,
} from './index';

describe('normalizeFeedUrl', () => {
  it('folds host case, default port and fragment', () => {
    expect(normalizeFeedUrl('  HTTPS://Example.COM:443/rss?x=1#top ')).toBe(
      'https://example.com/rss?x=1',
    );
  });

  it('explains what it refuses', () => {
    expect(() => normalizeFeedUrl('')).toThrow(/empty/);
    expect(() => normalizeFeedUrl('/relative')).toThrow(/not an absolute URL/);
    expect(() => normalizeFeedUrl('ftp://example.com/x')).toThrow(/scheme "ftp" is not http/);
    expect(() => normalizeFeedUrl('https://u:p@example.com/')).toThrow(/credentials/);
    expect(() => normalizeFeedUrl(`https://example.com/${'a'.repeat(2001)}`)).toThrow(/longer/);
  });
});

describe('feedIdFor', () => {
  it('is stable, readable and distinct per URL', () => {
    const a = feedIdFor('https://news.example.com/rss');
    expect(a).toBe(feedIdFor('https://news.example.com/rss'));
    expect(a).toMatch(/^news-example-com-[0-9a-f]{12}$/);
    expect(feedIdFor('https://news.example.com/atom')).not.toBe(a);
  });
});

describe('OPML', () => {
  it('reads feeds at any depth, with titles, whatever the attribute case', () => {
    const xml = `<?xml version="1.0"?>
      <opml version="2.0"><head><title>Subs</title></head><body>
        <outline text="News">
          <outline text="A &amp; B" type="rss" xmlUrl="https://a.example/feed?x=1&amp;y=2"/>
          <outline title="C&#233;" text="ignored" xmlurl="https://c.example/rss"/>
        </outline>
        <outline text="No feed here"/>
        <outline text="D" XMLURL="https://d.example/atom"/>
      </body></opml>`;
    expect(parseOpml(xml)).toEqual([
      { url: 'https://a.example/feed?x=1&y=2', title: 'A & B' },
      { url: 'https://c.example/rss', title: 'Cé' },
      { url: 'https://d.example/atom', title: 'D' },
    ]);
  });

  it('round-trips through export, escaping what needs it', () => {
    const feeds = [
      { url: 'https://a.example/feed?x=1&y=2', title: 'Quotes " & <angles>' },
      { url: 'https://b.example/rss', title: null },
    ];
    const xml = buildOpml(feeds, 'newsgraph feeds', new Date('2020-01-01T00:00:00Z'));
    expect(xml).toContain('<opml version="2.0">');
    expect(xml).toContain('xmlUrl="https://a.example/feed?x=1&amp;y=2"');
    expect(parseOpml(xml)).toEqual([
      feeds[0],
      { url: 'https://b.example/rss', title: 'https://b.example/rss' },
    ]);
    expect(parseOpml(buildOpml([]))).toEqual([]);
  });

  it('refuses a document without <opml>, and never expands DTD entities', () => {
    expect(() => parseOpml('<rss/>')).toThrow(InvalidOpmlError);
    const xxe = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <opml><body><outline text="&x;" xmlUrl="https://a.example/"/></body></opml>`;
    expect(parseOpml(xxe)).toEqual([{ url: 'https://a.example/', title: '&x;' }]);
  });
});

describe('stripUnsafeXmlProlog', () => {
  it('removes the BOM and a DOCTYPE with an internal subset, nothing else', () => {
    expect(
      stripUnsafeXmlProlog(
        '\ufeff<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "]>"> <!-- ] > -->]><a>&b;</a>',
      ),
    ).toBe('<?xml version="1.0"?><a>&b;</a>');
    expect(stripUnsafeXmlProlog('<a><![CDATA[<!DOCTYPE x>]]></a>')).toBe(
      '<a><![CDATA[<!DOCTYPE x>]]></a>',
    );
  });
});
