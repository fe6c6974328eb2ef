import { linkEntities } from './dictionary-linker';
import { KnowledgeBase } from './knowledge-base';

const kb = new KnowledgeBase([
  {
    id: 'Q3052772',
    qid: 'Q3052772',
    name: 'Emmanuel Macron',
    type: 'person',
    aliases: ['Macron', 'Makron'],
  },
  {
    id: 'Q39259',
    qid: 'Q39259',
    name: 'Recep Tayyip Erdoğan',
    type: 'person',
    aliases: ['Erdogan'],
  },
  { id: 'kb:place:idlib', qid: null, name: 'Idlib', type: 'place', aliases: ['Idleb'] },
]);

describe('linkEntities', () => {
  it('links the longest alias and accent-folded variants with offsets into title + body', () => {
    const entities = linkEntities(
      kb,
      'Macron on Idleb',
      'Emmanuel Macron called Erdoğan. Makron and ERDOGAN spoke.',
    );
    const byId = new Map(entities.map((e) => [e.id, e]));
    const macron = byId.get('Q3052772')!;
    expect(macron.mentions.map((m) => m.surface)).toEqual(['Macron', 'Emmanuel Macron', 'Makron']);
    const text = 'Macron on Idleb\n\nEmmanuel Macron called Erdoğan. Makron and ERDOGAN spoke.';
    for (const m of macron.mentions) expect(text.slice(m.start, m.end)).toBe(m.surface);
    expect(byId.get('Q39259')!.mentions.map((m) => m.surface)).toEqual(['Erdoğan', 'ERDOGAN']);
    expect(byId.get('kb:place:idlib')!.qid).toBeNull();
    expect(macron.salience).toBe(1);
  });

  it('finds nothing in text without known names', () => {
    expect(linkEntities(kb, 'Weather', 'Rain later today.')).toEqual([]);
  });
});
