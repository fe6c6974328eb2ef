import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { disambiguation, dumpText, idlib, macron, property } from '../__fixtures__/wikidata';
import { readKbFile } from './kb-file';
import type { KbRecord } from './record';
import { importWikidata, recordFromWikidata } from './wikidata';

const dir = mkdtempSync(join(tmpdir(), 'linking-wikidata-'));
const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const collect = () => {
  const records: KbRecord[] = [];
  return { records, sink: { add: (r: KbRecord) => void records.push(r) } };
};
const hasBzip2 = spawnSync('bzip2', ['--help']).error === undefined;

describe('recordFromWikidata', () => {
  it('keeps labels, aliases and a description in the chosen languages, classes, type and a prior', () => {
    const record = recordFromWikidata(macron, { languages: ['en', 'fr'] });
    expect(record).toMatchObject({
      id: 'Q3052772',
      qid: 'Q3052772',
      name: 'Emmanuel Macron',
      type: 'person',
      classes: ['Q5'],
      description: 'President of France since 2017',
      sitelinks: 3, // enwiki, frwiki, dewiki; not Commons
    });
    expect(typeof record === 'object' && record.names).toEqual([
      { value: 'Emmanuel Macron', lang: 'en', kind: 'label' },
      { value: 'Emmanuel Jean-Michel Frédéric Macron', lang: 'en', kind: 'alias' },
      { value: 'Macron', lang: 'fr', kind: 'alias' },
    ]);
    expect(typeof record === 'object' && record.popularity).toBeGreaterThan(0);
  });

  it('copes with an item that has only a label and P31', () => {
    expect(recordFromWikidata(idlib)).toMatchObject({
      id: 'Q900000001',
      name: 'Idlib',
      type: 'place',
      sitelinks: 0,
    });
  });

  it('says why an entity is left out', () => {
    expect(recordFromWikidata(property)).toBe('not-an-item');
    expect(recordFromWikidata(disambiguation)).toBe('class');
    expect(recordFromWikidata(idlib, { languages: ['de'] })).toBe('no-label');
    expect(recordFromWikidata(idlib, { minSitelinks: 1 })).toBe('sitelinks');
    expect(recordFromWikidata(idlib, { includeClasses: ['Q5'] })).toBe('class');
    expect(recordFromWikidata(macron, { includeClasses: ['Q5'] })).not.toBe('class');
  });
});

describe('importWikidata', () => {
  const entities = [macron, idlib, disambiguation, property];

  it('streams the dump format, reporting a malformed line by number and going on', async () => {
    const path = write('dump.json', dumpText(entities, 0));
    const { records, sink } = collect();
    const issues: number[] = [];
    const report = await importWikidata(path, sink, {
      onMalformed: (i) => void issues.push(i.line),
    });
    expect(records.map((r) => r.id)).toEqual(['Q3052772', 'Q900000001']);
    expect(report).toMatchObject({
      items: 4,
      kept: 2,
      malformed: 1,
      skipped: { class: 1, 'not-an-item': 1 },
    });
    // Line 1 is "[", line 2 the first entity, line 3 the broken one.
    expect(issues).toEqual([3]);
    expect(report.malformedLines[0]).toMatchObject({ line: 3 });
  });

  it('reads gzip by its magic bytes, whatever the file is called', async () => {
    const path = write('dump.json.data', gzipSync(dumpText(entities)));
    const { records, sink } = collect();
    const report = await importWikidata(path, sink);
    expect(records.map((r) => r.name)).toEqual(['Emmanuel Macron', 'Idlib']);
    expect(report.malformed).toBe(0);
  });

  (hasBzip2 ? it : it.skip)(
    'reads bzip2, multi-stream, with the JavaScript decoder and the system one',
    async () => {
      const half = (from: number, to: number) =>
        spawnSync('bzip2', ['-c'], {
          input: dumpText(entities).split('\n').slice(from, to).join('\n') + '\n',
        }).stdout;
      // Wikidata's dumps are several bzip2 streams in a row.
      const path = write('dump.json.bz2', Buffer.concat([half(0, 3), half(3, 10)]));
      for (const bzip2 of ['js', 'system'] as const) {
        const { records, sink } = collect();
        await importWikidata(path, sink, { bzip2 });
        expect(records.map((r) => r.id)).toEqual(['Q3052772', 'Q900000001']);
      }
    },
  );

  it('reads one entity as the API returns it, pretty-printed', async () => {
    const path = write('item.json', JSON.stringify({ entities: { Q3052772: macron } }, null, 2));
    const { records, sink } = collect();
    const report = await importWikidata(path, sink);
    expect(records.map((r) => r.id)).toEqual(['Q3052772']);
    expect(report.malformed).toBe(0);
  });
});

describe('readKbFile', () => {
  it("reads the skeleton's entity list and its own JSON-lines records", async () => {
    const legacy = write(
      'legacy.json',
      JSON.stringify([
        { id: 'kb:x', qid: null, name: 'X Corp', type: 'organisation', aliases: ['X'] },
      ]),
    );
    const { records, sink } = collect();
    await readKbFile(legacy, sink);
    expect(records[0]).toMatchObject({ id: 'kb:x', names: [{ value: 'X Corp' }, { value: 'X' }] });
    const lines = write('records.jsonl', records.map((r) => JSON.stringify(r)).join('\n'));
    const again = collect();
    await readKbFile(lines, again.sink);
    expect(again.records).toEqual(records);
  });
});

describe('readKbFile on pretty-printed JSON', () => {
  it('reads an indented array of entities as one document', async () => {
    const path = write(
      'pretty.json',
      JSON.stringify(
        [{ id: 'kb:y', qid: null, name: 'Y Ltd', type: 'organisation', aliases: [] }, macron],
        null,
        2,
      ),
    );
    const { records, sink } = collect();
    const report = await readKbFile(path, sink);
    expect(records.map((r) => r.id)).toEqual(['kb:y', 'Q3052772']);
    expect(report.malformed).toBe(0);
  });
});
