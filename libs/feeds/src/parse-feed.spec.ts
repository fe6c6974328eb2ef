import { decodeFeedBody, FeedParseError, parseFeedDocument } from './index';

const FEED_URL = 'https://news.example.com/feeds/main.xml';

describe('parseFeedDocument', () => {
  it('reads RSS 2.0 with CDATA, HTML, dc:creator and relative links', () => {
    const feed = parseFeedDocument(
      `<?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
           xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel>
          <title>Example News</title><link>/</link><language>en-us</language>
          <item>
            <title><![CDATA[Putin & Erdoğan <b>meet</b>]]></title>
            <link>/world/2020/03/05/meeting</link>
            <guid isPermaLink="false">tag:example.com,2020:1</guid>
            <description><![CDATA[<p>Short summary.</p>]]></description>
            <content:encoded><![CDATA[<p>First paragraph.</p><p>Second <i>one</i>.</p><script>x()</script>]]></content:encoded>
            <pubDate>Thu, 05 Mar 2020 10:00:00 +0000</pubDate>
            <dc:creator>Jane Doe</dc:creator>
          </item>
        </channel>
      </rss>`,
      FEED_URL,
    );
    expect(feed).toMatchObject({
      format: 'rss',
      version: '2.0',
      title: 'Example News',
      siteUrl: 'https://news.example.com/',
      language: 'en-us',
    });
    expect(feed.entries).toEqual([
      {
        guid: 'tag:example.com,2020:1',
        link: 'https://news.example.com/world/2020/03/05/meeting',
        title: 'Putin & Erdoğan meet',
        summary: 'Short summary.',
        content: 'First paragraph.\n\nSecond one.',
        publishedAt: new Date('2020-03-05T10:00:00Z'),
        author: 'Jane Doe',
      },
    ]);
  });

  it('reads RSS 0.91 and resolves links against the feed URL when there is no channel link', () => {
    const feed = parseFeedDocument(
      `<rss version="0.91"><channel><title>Old</title>
        <item><title>One</title><link>items/1.html</link><description>d</description></item>
      </channel></rss>`,
      FEED_URL,
    );
    expect(feed.format).toBe('rss');
    expect(feed.version).toBe('0.9'); // the parser reports the 0.9x family
    expect(feed.entries[0]).toMatchObject({
      guid: null,
      link: 'https://news.example.com/feeds/items/1.html',
      title: 'One',
      summary: 'd',
    });
  });

  it('reads RSS 1.0 (RDF) with dc:date', () => {
    const feed = parseFeedDocument(
      `<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
               xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://rdf.example.org/"><title>RDF site</title>
          <link>https://rdf.example.org/</link><description>d</description></channel>
        <item rdf:about="https://rdf.example.org/a">
          <title>Item A</title><link>https://rdf.example.org/a</link>
          <description>About A</description><dc:date>2020-01-02T03:04:05Z</dc:date>
          <dc:creator>Bob</dc:creator>
        </item>
      </rdf:RDF>`,
      FEED_URL,
    );
    expect(feed.format).toBe('rdf');
    expect(feed.title).toBe('RDF site');
    expect(feed.entries).toEqual([
      {
        guid: null,
        link: 'https://rdf.example.org/a',
        title: 'Item A',
        summary: 'About A',
        content: null,
        publishedAt: new Date('2020-01-02T03:04:05Z'),
        author: 'Bob',
      },
    ]);
  });

  it('reads Atom 1.0 with xml:base, HTML titles and XHTML content', () => {
    const feed = parseFeedDocument(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.net/blog/">
        <title>Atom blog</title><link href="/blog/"/><link rel="self" href="/blog/atom.xml"/>
        <id>urn:feed</id><updated>2003-12-13T18:30:02Z</updated>
        <entry>
          <title type="html">&lt;em&gt;Robots&lt;/em&gt; run amok</title>
          <link rel="alternate" href="2003/12/13/atom03"/>
          <id>urn:uuid:1225c695</id>
          <published>2003-12-13T08:29:29-04:00</published><updated>2003-12-13T18:30:02Z</updated>
          <summary>Some text.</summary>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Full <b>text</b>.</p></div></content>
          <author><name>John</name></author>
        </entry>
      </feed>`,
      FEED_URL,
    );
    expect(feed.format).toBe('atom');
    expect(feed.entries).toEqual([
      {
        guid: 'urn:uuid:1225c695',
        link: 'https://atom.example.net/blog/2003/12/13/atom03',
        title: 'Robots run amok',
        summary: 'Some text.',
        content: 'Full text.',
        publishedAt: new Date('2003-12-13T12:29:29Z'),
        author: 'John',
      },
    ]);
  });

  it('reads JSON Feed 1.1 (and tolerates 1.0 habits: numeric ids, `author`)', () => {
    const feed = parseFeedDocument(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON news',
        home_page_url: 'https://json.example.com/',
        language: 'fr',
        items: [
          {
            id: '1',
            url: '/a',
            title: 'A',
            content_html: '<p>Hello <b>world</b></p>',
            summary: 'Hi',
            date_published: '2021-01-01T00:00:00Z',
            authors: [{ name: 'Ann' }],
          },
          {
            id: 2,
            external_url: 'https://else.example.org/b',
            content_text: 'Plain',
            author: { name: 'Old' },
          },
          'not an item',
        ],
      }),
      'https://json.example.com/feed.json',
      'application/feed+json',
    );
    expect(feed).toMatchObject({
      format: 'json',
      version: '1.1',
      title: 'JSON news',
      language: 'fr',
    });
    expect(feed.entries).toEqual([
      {
        guid: '1',
        link: 'https://json.example.com/a',
        title: 'A',
        summary: 'Hi',
        content: 'Hello world',
        publishedAt: new Date('2021-01-01T00:00:00Z'),
        author: 'Ann',
      },
      {
        guid: '2',
        link: 'https://else.example.org/b',
        title: null,
        summary: null,
        content: 'Plain',
        publishedAt: null,
        author: 'Old',
      },
    ]);
  });

  it('survives a BOM, HTML entities undeclared in XML, stray ampersands and unknown entities', () => {
    const feed = parseFeedDocument(
      `\ufeff<?xml version="1.0"?><rss version="2.0"><channel><title>Caf&eacute; &amp; bar</title>
        <item><title>Fish & chips&nbsp;&mdash; &bogus; &#233;t&#xE9;</title><link>https://x.example/1</link></item>
      </channel></rss>`,
      FEED_URL,
    );
    expect(feed.title).toBe('Café & bar');
    expect(feed.entries[0]!.title).toBe('Fish & chips — &bogus; été');
  });

  it('ignores a DTD: no external entity is read and no entity expands (XXE, billion laughs)', () => {
    const feed = parseFeedDocument(
      `<?xml version="1.0"?>
      <!DOCTYPE rss [
        <!ENTITY xxe SYSTEM "file:///etc/passwd">
        <!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      ]>
      <rss version="2.0"><channel><title>T</title>
        <item><title>Leak &xxe; and &lol2;</title><link>https://x.example/1</link></item>
      </channel></rss>`,
      FEED_URL,
    );
    expect(feed.entries[0]!.title).toBe('Leak &xxe; and &lol2;');
    expect(JSON.stringify(feed)).not.toContain('root:');
  });

  it('refuses what is not a complete feed, saying why', () => {
    const fail = (text: string, type: string | null = null) => {
      try {
        parseFeedDocument(text, FEED_URL, type);
      } catch (error) {
        expect(error).toBeInstanceOf(FeedParseError);
        return (error as Error).message;
      }
      throw new Error('expected a FeedParseError');
    };
    expect(fail('<rss version="2.0"><channel><title>T</title><item><title>cut he')).toMatch(
      /does not end with <\/rss>/,
    );
    expect(fail('<!doctype html><html><body>Not here</body></html>')).toMatch(/HTML page/);
    expect(fail('<note><to>x</to></note>')).toMatch(/not an RSS, RDF or Atom feed/);
    expect(fail('plain text')).toMatch(/not XML/);
    expect(fail('{"version": "https://jsonfeed.org/version/1.1", "items": [')).toMatch(
      /malformed JSON/,
    );
    expect(fail('{"hello": 1}', 'application/json')).toMatch(/not a JSON Feed/);
  });

  it('accepts trailing comments after the root element (cache plugins append them)', () => {
    const feed = parseFeedDocument(
      '<rss version="2.0"><channel><title>T</title></channel></rss>\n<!-- cached in 0.01s -->\n',
      FEED_URL,
    );
    expect(feed.title).toBe('T');
  });
});

describe('decodeFeedBody', () => {
  const latin1 = (s: string) => Buffer.from(s, 'latin1');

  it('strips a UTF-8 BOM and decodes UTF-16 by its BOM', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss>é</rss>')]);
    expect(decodeFeedBody(utf8)).toEqual({ text: '<rss>é</rss>', charset: 'utf-8', source: 'bom' });
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<rss>ğ</rss>', 'utf16le'),
    ]);
    expect(decodeFeedBody(utf16, 'text/xml; charset=iso-8859-1')).toMatchObject({
      text: '<rss>ğ</rss>',
      source: 'bom',
    });
  });

  it('follows the header, then the XML declaration, when they fit the bytes', () => {
    const xml = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss>Caf\xe9</rss>');
    expect(decodeFeedBody(xml)).toMatchObject({
      text: xml.toString('latin1'),
      source: 'xml-declaration',
    });
    const cp1251 = Buffer.concat([
      Buffer.from('<?xml version="1.0"?><rss>'),
      Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]),
      Buffer.from('</rss>'),
    ]);
    expect(decodeFeedBody(cp1251, 'application/rss+xml; charset="windows-1251"')).toMatchObject({
      text: '<?xml version="1.0"?><rss>Привет</rss>',
      charset: 'windows-1251',
      source: 'header',
    });
  });

  it('reads valid UTF-8 as UTF-8 even when declared otherwise', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss>Erdoğan café</rss>');
    expect(decodeFeedBody(bytes, 'text/xml; charset=ISO-8859-1')).toMatchObject({
      text: '<?xml version="1.0" encoding="ISO-8859-1"?><rss>Erdoğan café</rss>',
      charset: 'utf-8',
      source: 'content',
    });
  });

  it('never reads invalid UTF-8 as UTF-8: another declaration, else detection, else windows-1252', () => {
    const declaredUtf8 = latin1(
      '<?xml version="1.0" encoding="UTF-8"?><rss>Caf\xe9 cr\xe8me br\xfbl\xe9e \x93quoted\x94</rss>',
    );
    const decoded = decodeFeedBody(declaredUtf8, 'text/xml; charset=utf-8');
    expect(decoded.charset).not.toBe('utf-8');
    expect(decoded.text).toContain('Café crème brûlée');
    expect(decoded.source).toBe('content');
    const html = latin1('<html><head><meta charset="iso-8859-15"></head><body>\xa4</body></html>');
    expect(decodeFeedBody(html)).toMatchObject({ charset: 'iso-8859-15', source: 'meta' });
    expect(decodeFeedBody(html).text).toContain('€');
  });

  it('treats pure ASCII by its declaration, defaulting to UTF-8', () => {
    expect(decodeFeedBody(Buffer.from('<rss/>'))).toMatchObject({
      charset: 'utf-8',
      source: 'default',
    });
  });
});
