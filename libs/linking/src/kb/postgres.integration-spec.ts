import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Test } from '@nestjs/testing';
import { dropDatabase } from '@newsgraph/db';
import { repoRoot, sampleFeed } from '@newsgraph/devstack';
import { Client } from 'pg';
import { dumpText, idlib, macron } from '../__fixtures__/wikidata';
import type { KnowledgeIndex } from '../index/knowledge-index';
import { EntityLinker } from '../linker/entity-linker';
import { LinkingModule } from '../linking.module';
import { LinkingService } from '../linking.service';
import { loadKnowledgeBase } from './load';
import {
  importKnowledgeBaseToPostgres,
  listKbGenerations,
  loadKnowledgeBaseFromPostgres,
} from './postgres';
import type { KbRecord } from './record';

// Records that only link right when storage keeps what the linker reads: an
// alias ("Zeffco"), the type (a person's surname alone), the prior (two entities
// named "Castelmora", the popular one stored second), languages and descriptions.
const record = (
  id: string,
  type: KbRecord['type'],
  names: [string, string, 'label' | 'alias'][],
  description: string | null,
  popularity: number,
  classes: string[] = [],
): KbRecord => ({
  id,
  qid: id.startsWith('Q') ? id : null,
  name: names[0]?.[0] ?? id,
  type,
  classes,
  names: names.map(([value, lang, kind]) => ({ value, lang, kind })),
  description,
  popularity,
  sitelinks: Math.round(popularity * 100),
});
const records: KbRecord[] = [
  record(
    'Q900000010',
    'organisation',
    [
      ['Zephyria Holdings', 'en', 'label'],
      ['Zeffco', 'en', 'alias'],
      ['Zephyria-Gruppe', 'de', 'alias'],
    ],
    'shipping company based in Valletta',
    0.4,
    ['Q4830453'],
  ),
  record('Q900000020', 'work', [['Castelmora', 'en', 'label']], 'novel', 0.05, ['Q7725634']),
  record(
    'Q900000021',
    'place',
    [['Castelmora', 'en', 'label']],
    'city in the \\ "north"\twith a\nline break',
    0.9,
    ['Q515'],
  ),
  record(
    'Q900000030',
    'person',
    [
      ['Anneliese Lindqvist', 'en', 'label'],
      ['Аннелизе Линдквист', 'ru', 'label'],
    ],
    'Swedish economist',
    0.3,
    ['Q5'],
  ),
  { ...record('geonames:900000040', 'place', [], null, 0.2), name: 'Port Ardmore' },
];

const texts = [
  ...sampleFeed().map((a) => `${a.title}\n\n${a.text}`),
  'Zeffco shares rose. Zephyria Holdings said the Zephyria-Gruppe unit is for sale.',
  'Tourists crowd Castelmora this summer, the mayor of Castelmora said.',
  'Anneliese Lindqvist spoke in Port Ardmore. Later, Lindqvist said the economy had turned.',
  'Emmanuel Macron visited Idlib; Makron and Merkel spoke on Thursday.',
];

const link = (index: KnowledgeIndex) => {
  const linker = new EntityLinker(index);
  return texts.map((text) => linker.link(text));
};

const idsOf = (links: ReturnType<typeof link>[number]) =>
  links.flatMap((e) => e.mentions.map((m) => `${m.surface}→${e.id}:${e.type}`));

describe('knowledge base in Postgres', () => {
  let dir: string;
  let url: string;
  let files: string[];
  let fromFile: ReturnType<typeof link>;

  beforeAll(async () => {
    const base = new URL(process.env.DATABASE_URL!);
    base.pathname = `${base.pathname}_kb`;
    url = base.toString();
    execFileSync(process.execPath, [join(repoRoot(), 'tools/stack/dist/main.js'), 'migrate'], {
      env: { ...process.env, DATABASE_URL: url, NODE_NO_WARNINGS: '1' },
      stdio: 'ignore',
    });
    dir = await mkdtemp(join(tmpdir(), 'ng-kb-pg-'));
    // A Wikidata dump (gzip, with a malformed line 3), record lines, the fixture list.
    const dump = join(dir, 'dump.json.gz');
    await writeFile(dump, gzipSync(dumpText([macron, idlib], 0)));
    const lines = join(dir, 'records.jsonl');
    await writeFile(lines, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    files = [dump, lines, join(repoRoot(), 'libs/linking/kb/fixture-kb.json')];
    fromFile = link((await loadKnowledgeBase(files)).index);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await dropDatabase(url);
  });

  it('links from the file as the records say (so the comparisons below mean something)', () => {
    const all = fromFile.flatMap(idsOf);
    expect(all).toEqual(
      expect.arrayContaining([
        'Zeffco→Q900000010:organisation',
        'Castelmora→Q900000021:place',
        'Lindqvist→Q900000030:person',
        'Port Ardmore→geonames:900000040:place',
        'Makron→Q3052772:person',
      ]),
    );
  });

  it('holds no knowledge base before an import', async () => {
    expect(await loadKnowledgeBaseFromPostgres(url)).toBeNull();
  });

  it('imports, reports malformed lines, and links exactly as the files do', async () => {
    const report = await importKnowledgeBaseToPostgres(url, files);
    expect(report.malformed).toBe(1);
    expect(report.files[0]!.report.malformedLines[0]!.line).toBe(3);
    expect(report.files.map((f) => f.path)).toHaveLength(4); // + the default KB
    expect(report.indexBytes).toBeGreaterThan(0);

    const fromIndex = await loadKnowledgeBaseFromPostgres(url);
    const fromRows = await loadKnowledgeBaseFromPostgres(url, { fromRows: true });
    expect(fromIndex!.from).toBe('index');
    expect(fromRows!.from).toBe('rows');
    const fileIndex = (await loadKnowledgeBase(files)).index;
    expect(fromRows!.index.stats).toEqual(fileIndex.stats);
    expect(fromIndex!.index.stats).toEqual(fileIndex.stats);
    expect(link(fromRows!.index)).toEqual(fromFile);
    expect(link(fromIndex!.index)).toEqual(fromFile);
  });

  it('keeps text with tabs, line breaks, quotes and backslashes as it was', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const row = await client.query<{ description: string; classes: string[] }>(
        "SELECT description, classes FROM kb_entities WHERE id = 'Q900000021'",
      );
      expect(row.rows[0]).toEqual({ description: records[2]!.description, classes: ['Q515'] });
      const names = await client.query<{ value: string; lang: string; kind: string }>(
        `SELECT n.value, n.lang, n.kind FROM kb_names n
           JOIN kb_entities e ON e.generation = n.generation AND e.key = n.entity_key
          WHERE e.id = 'Q900000010' ORDER BY n.ord`,
      );
      expect(names.rows).toEqual(records[0]!.names);
    } finally {
      await client.end();
    }
  });

  it('re-imports as a new generation that replaces the old one', async () => {
    const before = await listKbGenerations(url);
    const report = await importKnowledgeBaseToPostgres(url, files);
    expect(report.replaced).toEqual(before.map((g) => g.id));
    const after = await listKbGenerations(url);
    expect(after.map((g) => [g.id, g.status])).toEqual([[report.generation, 'ready']]);
    const loaded = await loadKnowledgeBaseFromPostgres(url);
    expect(loaded!.generation).toBe(report.generation);
    expect(link(loaded!.index)).toEqual(fromFile);
  });

  it('leaves no generation behind when an import fails', async () => {
    const before = await listKbGenerations(url);
    await expect(
      importKnowledgeBaseToPostgres(url, [...files, join(dir, 'missing.json')]),
    ).rejects.toThrow(/ENOENT/);
    expect(await listKbGenerations(url)).toEqual(before);
  });

  it('serves the entity-linker from Postgres (KB_SOURCE=postgres and auto)', async () => {
    for (const source of ['postgres', 'auto'] as const) {
      const module = await Test.createTestingModule({
        imports: [
          LinkingModule.forKnowledgeBase({ source, path: '/nonexistent', databaseUrl: url }),
        ],
      }).compile();
      const linker = module.get(LinkingService);
      expect(new EntityLinker(linker.kb).link(texts.at(-1)!)).toEqual(fromFile.at(-1));
      await module.close();
    }
  });
});
