import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RawArticle } from '@newsgraph/contracts';
import { fileCheckpoint, readImportSource, runImport, type ImportItem } from './index';

const dir = () => mkdtempSync(join(tmpdir(), 'ng-bulk-'));

async function collect(path: string): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of readImportSource({ path })) out.push(item);
  return out;
}

describe('readImportSource', () => {
  it('reads JSON Lines (plain and gzipped) line by line, with a reason per bad line', async () => {
    const d = dir();
    const lines = [
      JSON.stringify({
        id: 'a1',
        title: 'Minister resigns after vote',
        text: 'The finance minister resigned on Monday after the vote went against the budget.',
        source: 'Wire',
        publishedAt: '2020-03-01T10:00:00Z',
        author: 'Ann Author',
      }),
      '{not json',
      JSON.stringify({ id: 'a2', title: 'No text' }),
      '',
      JSON.stringify({
        url: 'https://example.com/x',
        byline: 'Line Byline',
        html: '<html><head><title>Page title</title><meta name="author" content="Meta Author"></head><body><article><h1>Page title</h1><p>The page has a paragraph of text long enough to be the story of the page, with several words.</p><p>And a second paragraph follows it with more words in it.</p></article></body></html>',
      }),
    ];
    writeFileSync(join(d, 'feed.jsonl'), lines.join('\n'));
    writeFileSync(
      join(d, 'more.jsonl.gz'),
      gzipSync(
        JSON.stringify({
          id: 'g1',
          text: 'Gz title\n\nThe gzipped body also has a full sentence of text in it.',
        }) + '\n',
      ),
    );
    const items = await collect(d);
    expect(items.map((i) => ('article' in i ? `${i.ref} ok` : `${i.ref} ${i.skipped}`))).toEqual([
      'feed.jsonl:1 ok',
      expect.stringMatching(/^feed\.jsonl:2 invalid JSON/),
      'feed.jsonl:3 record: needs "text" or "html"',
      'feed.jsonl:5 ok',
      'more.jsonl.gz:1 ok',
    ]);
    const [first, , , page, gz] = items as { article: RawArticle }[];
    expect(first!.article).toMatchObject({
      title: 'Minister resigns after vote',
      source: { name: 'Wire' },
      externalId: 'a1',
      byline: 'Ann Author',
    });
    expect(first!.article.publishedAt).toBe('2020-03-01T10:00:00Z');
    expect(page!.article.title).toBe('Page title');
    expect(page!.article.externalId).toBe('https://example.com/x');
    // The line's own byline wins over the page's.
    expect(page!.article.byline).toBe('Line Byline');
    expect(gz!.article.byline).toBeNull();
    expect(gz!.article).toMatchObject({
      title: 'Gz title',
      body: 'The gzipped body also has a full sentence of text in it.',
      source: { name: 'more' },
    });
  });

  it('extracts .html files of a folder', async () => {
    const d = dir();
    writeFileSync(
      join(d, 'page.html'),
      '<html lang="en"><head><title>Storm hits coast</title><meta name="author" content="Jo Weather"></head><body><nav>Home News</nav><article><p>A storm hit the coast on Monday, cutting power to thousands of homes across the region.</p><p>Crews worked through the night to restore power lines.</p></article></body></html>',
    );
    const [item] = await collect(d);
    expect(item).toMatchObject({
      ref: 'page.html',
      article: { title: 'Storm hits coast', language: 'en', byline: 'Jo Weather' },
    });
    expect((item as { article: RawArticle }).article.body).not.toContain('Home News');
  });
});

describe('runImport', () => {
  it('counts copies, keeps reasons, and resumes after an interruption without re-sending', async () => {
    const d = dir();
    const rows = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({
        id: `r${i}`,
        title: `T${i % 8}`,
        text: `Article number ${i % 8} has a full sentence of text in it.`,
      }),
    );
    writeFileSync(join(d, 'in.jsonl'), [...rows, '{bad'].join('\n'));
    const checkpoint = fileCheckpoint(join(d, 'state'), join(d, 'in.jsonl'));
    const sent: string[] = [];
    let calls = 0;
    const failing = async (articles: RawArticle[]) => {
      if (++calls === 2) throw new Error('broker away');
      sent.push(...articles.map((a) => a.externalId));
    };
    await expect(
      runImport({ path: join(d, 'in.jsonl'), batchSize: 4, checkpoint, publish: failing }),
    ).rejects.toThrow('broker away');
    expect(sent).toEqual(['r0', 'r1', 'r2', 'r3']);
    const summary = await runImport({
      path: join(d, 'in.jsonl'),
      batchSize: 4,
      checkpoint,
      publish: async (articles) => void sent.push(...articles.map((a) => a.externalId)),
    });
    expect(sent).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(summary).toMatchObject({
      resumedAfter: 4,
      published: 6,
      duplicates: 2,
      skippedCount: 1,
    });
    expect(summary.skipped[0]!.ref).toBe('in.jsonl:11');
    expect(await checkpoint.load()).toBe(0);
  });
});
