/** Small Wikidata-format entities written for the tests (shapes as in the dump and the API). */

const statement = (property: string, id: string, rank = 'normal') => ({
  mainsnak: {
    snaktype: 'value',
    property,
    datavalue: {
      value: { 'entity-type': 'item', 'numeric-id': Number(id.slice(1)), id },
      type: 'wikibase-entityid',
    },
  },
  type: 'statement',
  rank,
});

const terms = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([language, value]) => [language, { language, value }]),
  );

/** A person with labels, aliases and descriptions in several languages and sitelinks. */
export const macron = {
  type: 'item',
  id: 'Q3052772',
  labels: terms({ en: 'Emmanuel Macron', fr: 'Emmanuel Macron', ru: 'Эмманюэль Макрон' }),
  descriptions: terms({
    en: 'President of France since 2017',
    de: 'französischer Staatspräsident',
  }),
  aliases: {
    en: [{ language: 'en', value: 'Emmanuel Jean-Michel Frédéric Macron' }],
    fr: [{ language: 'fr', value: 'Macron' }],
  },
  claims: { P31: [statement('P31', 'Q5')], P27: [statement('P27', 'Q142')] },
  sitelinks: {
    enwiki: { site: 'enwiki', title: 'Emmanuel Macron' },
    frwiki: { site: 'frwiki', title: 'Emmanuel Macron' },
    dewiki: { site: 'dewiki', title: 'Emmanuel Macron' },
    commonswiki: { site: 'commonswiki', title: 'Category:Emmanuel Macron' },
  },
};

/** A place in the benchmark KB's reduced shape: an English label and P31 only. */
export const idlib = {
  type: 'item',
  id: 'Q900000001', // a test id, not Idlib's QID
  labels: terms({ en: 'Idlib' }),
  descriptions: {},
  aliases: {},
  sitelinks: {},
  claims: { P31: [statement('P31', 'Q27096213')] },
};

/** A disambiguation page: left out by default. */
export const disambiguation = {
  type: 'item',
  id: 'Q100',
  labels: terms({ en: 'Mercury' }),
  claims: { P31: [statement('P31', 'Q4167410')] },
  sitelinks: {},
};

/** A property, not an item. */
export const property = { type: 'property', id: 'P31', labels: terms({ en: 'instance of' }) };

/** The dump format: a JSON array with one entity per line and trailing commas. */
export function dumpText(entities: unknown[], malformedAfter = -1): string {
  const lines = entities.map((e) => JSON.stringify(e) + ',');
  if (malformedAfter >= 0)
    lines.splice(malformedAfter + 1, 0, '{"type": "item", "id": "Q1", "labels": {,');
  const last = lines.length - 1;
  lines[last] = lines[last]!.replace(/,$/, '');
  return ['[', ...lines, ']'].join('\n') + '\n';
}
