import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTextFile, parseTextDocument, readTextFolder, type FolderItem } from './index';

describe('decodeTextFile', () => {
  it('explains what it refuses', () => {
    expect(decodeTextFile(new Uint8Array())).toEqual({ ok: false, reason: 'empty file' });
    expect(decodeTextFile(Buffer.from([0x41, 0x00, 0x42]))).toEqual({
      ok: false,
      reason: 'binary file (contains NUL bytes)',
    });
    expect(decodeTextFile(Buffer.from([0x41, 0xe9, 0x42]))).toEqual({
      ok: false,
      reason: 'not valid UTF-8',
    });
    expect(decodeTextFile(Buffer.from('Erdoğan', 'utf8'))).toEqual({ ok: true, text: 'Erdoğan' });
  });
});

describe('parseTextDocument', () => {
  it('takes the first non-empty line as title and drops a repeated title line', () => {
    expect(parseTextDocument('\n\nThe title\n\n The title\n\nFirst para.\nSecond line.')).toEqual({
      title: 'The title',
      body: 'First para.\nSecond line.',
    });
  });
  it('refuses a document without body', () => {
    expect(parseTextDocument('Only a title')).toEqual({ error: 'no body after the title line' });
  });
});

describe('readTextFolder', () => {
  it('yields articles in name order with stable ids, and reasons for skipped files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ng-import-'));
    writeFileSync(join(dir, 'b.txt'), 'Title B\n\nBody B');
    writeFileSync(join(dir, 'a.txt'), 'Title A\n\nBody A');
    writeFileSync(join(dir, 'c.txt'), '');
    writeFileSync(join(dir, 'd.txt'), Buffer.from([0xff, 0xfe, 0x00]));
    writeFileSync(join(dir, 'e.pdf'), 'x');
    const items: FolderItem[] = [];
    for await (const item of readTextFolder({ folder: dir, sourceName: 'Test Source' }))
      items.push(item);
    expect(items.map((i) => [i.file, 'skipped' in i ? i.skipped : 'ok'])).toEqual([
      ['a.txt', 'ok'],
      ['b.txt', 'ok'],
      ['c.txt', 'empty file'],
      ['d.txt', 'binary file (contains NUL bytes)'],
      ['e.pdf', 'unsupported file type ".pdf" (expected .txt, .html or .jsonl)'],
    ]);
    const again: FolderItem[] = [];
    for await (const item of readTextFolder({ folder: dir, sourceName: 'Test Source' }))
      again.push(item);
    const ids = (list: FolderItem[]) =>
      list.flatMap((i) => ('article' in i ? [i.article.articleId] : []));
    expect(ids(again)).toEqual(ids(items));
    const first = items[0] as { article: { source: { id: string }; title: string } };
    expect(first.article.source.id).toBe('test-source');
    expect(first.article.title).toBe('Title A');
  });

  it('cleans page chrome from plain-text articles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ng-import-'));
    writeFileSync(
      join(dir, 'a.txt'),
      'Search\n\nMinister resigns over budget row\n\nThe finance minister resigned on Monday after a dispute over the budget.\n\nRead More:\nOther story one\nOther story two\n',
    );
    const items: FolderItem[] = [];
    for await (const item of readTextFolder({ folder: dir })) items.push(item);
    const article = (items[0] as { article: { title: string; body: string } }).article;
    expect(article.title).toBe('Minister resigns over budget row');
    expect(article.body).toBe(
      'The finance minister resigned on Monday after a dispute over the budget.',
    );
  });
});
