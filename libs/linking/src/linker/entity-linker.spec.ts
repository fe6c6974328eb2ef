import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { KnowledgeIndex } from '../index/knowledge-index';
import { loadSnapshot, saveSnapshot, snapshotChunks, snapshotFromBytes } from '../index/snapshot';
import { loadKnowledgeBase } from '../kb/load';
import { recordFromLegacy, type LegacyKbEntity } from '../kb/record';
import { linkEntities } from '../dictionary-linker';
import { EntityLinker } from './entity-linker';

const FIXTURE = join(__dirname, '../../kb/fixture-kb.json');
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as LegacyKbEntity[];
const index = KnowledgeIndex.fromRecords(fixture.map(recordFromLegacy));
const linker = new EntityLinker(index);

/** The entity id each mention (by its surface) is linked to. */
function linksOf(text: string): Map<string, string> {
  return new Map(linker.mentions(text).map((m) => [m.surface, m.id]));
}

describe('the fixture knowledge base', () => {
  it('lists no spelling variants: the linker has to find them', () => {
    const macron = fixture.find((e) => e.id === 'Q3052772')!;
    expect(macron.aliases).toEqual([]);
    const names = fixture.flatMap((e) => [e.name, ...e.aliases]);
    for (const variant of ['markron', 'Makron', 'Emanuelle Macron', 'Idleb', 'Erdogan'])
      expect(names).not.toContain(variant);
  });
});

describe('spelling variants and partial names', () => {
  it('finds every spelling of Macron, including lower-case machine-translation leftovers', () => {
    const text =
      'Makron called on Russia and Turkey to cease hostilities. Putin briefed makron on the measures, ' +
      'and markron said France would help.';
    const links = linksOf(text);
    for (const s of ['Makron', 'makron', 'markron']) expect(links.get(s)).toBe('Q3052772');
  });

  it('links a transliterated first name and a surname after the full name', () => {
    const links = linksOf(
      'French President Emanuelle Macron met Erdogan. Later Macron spoke to the press.',
    );
    expect(links.get('Emanuelle Macron')).toBe('Q3052772');
    expect(links.get('Macron')).toBe('Q3052772');
  });

  it('treats accents and case as the same name: Erdoğan, Erdogan, ERDOGAN', () => {
    const links = linksOf('Recep Tayyip Erdoğan spoke. Erdogan said no. ERDOGAN left.');
    expect(links.get('Recep Tayyip Erdoğan')).toBe('Q39259');
    expect(links.get('Erdogan')).toBe('Q39259');
    expect(links.get('ERDOGAN')).toBe('Q39259');
  });

  it('finds Idlib spelt Idleb', () => {
    expect(linksOf('Fighting went on in Idleb province on Monday, near Syria.').get('Idleb')).toBe(
      'kb:place:idlib',
    );
  });

  it('does not take ordinary words for misspelt names', () => {
    expect(linker.mentions('The agenda for the meeting was long and the banker said so.')).toEqual(
      [],
    );
  });
});

describe('NIL entities', () => {
  it('gives an unknown name the same id in every article, and its short form too', () => {
    const first = linker.link(
      'The driver, Michael Moreton, said the firm cut jobs. Moreton was angry.',
    );
    const second = linker.link('Yesterday Michael Moreton spoke again.');
    const a = first.find((e) => e.name === 'Michael Moreton')!;
    const b = second.find((e) => e.name === 'Michael Moreton')!;
    expect(a.id).toMatch(/^nil:[a-z]+:michael moreton$/);
    expect(a.qid).toBeNull();
    expect(b.id).toBe(a.id);
    expect(a.mentions.map((m) => m.surface)).toEqual(['Michael Moreton', 'Moreton']);
  });
});

describe('adjectives of places', () => {
  it('are neither linked nor unknown names of their own', () => {
    const entities = linker.link(
      'Syrian forces and Turkish troops clashed near the border of Syria.',
    );
    expect(entities.map((e) => e.name)).toEqual(['Syria']);
  });
});

describe('degenerate input', () => {
  it('returns nothing, without error, for an empty text or one in a script it does not know', () => {
    expect(linker.link('')).toEqual([]);
    expect(linker.link('   \n\n  ')).toEqual([]);
    expect(linker.link('ቋንቋ ቋንቋ ቋንቋ። ጥሩ ቀን ነው።')).toEqual([]);
    expect(linker.link('今天天气很好，我们去公园散步。')).toEqual([]);
  });
});

describe('linkEntities', () => {
  it('gives offsets into title + "\\n\\n" + body, one entity per QID, salience with the headline first', () => {
    const title = 'Putin and Erdogan meet';
    const body = 'Vladimir Putin met Recep Tayyip Erdoğan in Moscow. Putin said Syria was calm.';
    const entities = linkEntities(index, title, body);
    const text = `${title}\n\n${body}`;
    for (const e of entities)
      for (const m of e.mentions) expect(text.slice(m.start, m.end)).toBe(m.surface);
    const putin = entities.find((e) => e.id === 'Q7747')!;
    expect(putin.mentions).toHaveLength(3);
    expect(putin.salience).toBe(1);
    expect(entities.every((e) => e.salience > 0 && e.salience <= 1)).toBe(true);
    expect(
      entities.every((e) => e.mentions.every((m) => m.confidence > 0 && m.confidence <= 1)),
    ).toBe(true);
  });
});

describe('the default knowledge base and snapshots', () => {
  it('ships countries with QIDs and names in many languages, and cities', async () => {
    const { index: kb } = await loadKnowledgeBase([FIXTURE]);
    const l = new EntityLinker(kb);
    const links = new Map(
      l.mentions('Talks in Deutschland and Frankreich, then in Aleppo.').map((m) => [m.surface, m]),
    );
    expect(links.get('Deutschland')?.id).toBe('Q183');
    expect(links.get('Frankreich')?.id).toBe('Q142');
    expect(links.get('Aleppo')?.id).toMatch(/^geonames:\d+$/);
  });

  it('round-trips an index through a snapshot', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'linking-snapshot-')), 'kb.ngkb');
    await saveSnapshot(index, path);
    const loaded = await loadSnapshot(path);
    expect(loaded.stats).toEqual(index.stats);
    const text = 'Makron met Vladimir Putin in Moscow. Erdogan came later.';
    expect(new EntityLinker(loaded).mentions(text)).toEqual(linker.mentions(text));
  });

  it('reads a snapshot from bytes, aligned in memory or not, with the same vocabulary', () => {
    const chunks = snapshotChunks(index);
    const aligned = Buffer.concat(chunks);
    const unaligned = Buffer.concat([Buffer.alloc(3), ...chunks]).subarray(3);
    const text = 'Makron met Vladimir Putin in Moscow. Erdogan came later.';
    for (const bytes of [aligned, unaligned]) {
      const loaded = snapshotFromBytes(bytes);
      expect(loaded.stats).toEqual(index.stats);
      for (const word of ['putin', 'vladimir', 'erdogan', 'unknownword'])
        expect(loaded.tokenId(word)).toBe(index.tokenId(word));
      expect(loaded.entityIndex('Q7747')).toBe(index.entityIndex('Q7747'));
      expect(loaded.entityIndex('Q0')).toBe(-1);
      expect(new EntityLinker(loaded).mentions(text)).toEqual(linker.mentions(text));
    }
    expect(index.tokenId('putin')).toBeGreaterThanOrEqual(0);
    expect(index.tokenId('unknownword')).toBe(-1);
    expect(() => snapshotFromBytes(aligned.subarray(0, aligned.length - 8))).toThrow(/truncated/);
  });
});
