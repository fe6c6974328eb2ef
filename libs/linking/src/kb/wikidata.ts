import { readJsonEntities, type ReadOptions, type ReadReport } from './json-lines';
import {
  isQid,
  popularityOf,
  typeOfClasses,
  type KbName,
  type KbRecord,
  type KbRecordSink,
} from './record';

/** Languages kept by default: English first, then the big European ones and "mul". */
export const DEFAULT_LANGUAGES = ['en', 'mul', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'tr'];

/** Wikimedia-internal pages and scholarly articles: never news entities. */
export const DEFAULT_EXCLUDED_CLASSES = [
  'Q4167410', // disambiguation page
  'Q4167836', // category
  'Q11266439', // template
  'Q13406463', // list article
  'Q13442814', // scholarly article
];

export interface WikidataImportOptions extends ReadOptions {
  /** Labels, aliases and descriptions kept, in order of preference for the display name. */
  languages?: string[];
  /** Keep only items that are an instance (P31) of one of these classes. */
  includeClasses?: string[];
  /** Drop items that are an instance of any of these classes. */
  excludeClasses?: string[];
  /** Keep only items with at least this many Wikipedia sitelinks. */
  minSitelinks?: number;
}

export interface ImportReport extends ReadReport {
  items: number;
  kept: number;
  skipped: Record<SkipReason, number>;
}

export type SkipReason = 'not-an-item' | 'no-label' | 'class' | 'sitelinks';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Sitelinks that are not Wikipedias (Commons, Wikispecies, Meta, …) say little about fame.
const NOT_WIKIPEDIA =
  /^(commons|species|meta|mediawiki|wikidata|sources|outreach|wikimania|incubator)wiki$/;

function countSitelinks(sitelinks: unknown): number {
  if (!isObject(sitelinks)) return 0;
  let n = 0;
  for (const key of Object.keys(sitelinks))
    if (key.endsWith('wiki') && !NOT_WIKIPEDIA.test(key)) n++;
  return n;
}

function classesOf(claims: unknown): string[] {
  if (!isObject(claims) || !Array.isArray(claims.P31)) return [];
  const out: string[] = [];
  for (const statement of claims.P31 as unknown[]) {
    if (!isObject(statement) || statement.rank === 'deprecated') continue;
    const snak = statement.mainsnak;
    if (!isObject(snak) || snak.snaktype !== 'value' || !isObject(snak.datavalue)) continue;
    const value = snak.datavalue.value;
    if (isObject(value) && typeof value.id === 'string' && !out.includes(value.id))
      out.push(value.id);
  }
  return out;
}

function countClaims(claims: unknown): number {
  if (!isObject(claims)) return 0;
  let n = 0;
  for (const statements of Object.values(claims))
    if (Array.isArray(statements)) n += statements.length;
  return n;
}

function termValue(terms: unknown, lang: string): string | null {
  if (!isObject(terms)) return null;
  const term = terms[lang];
  return isObject(term) && typeof term.value === 'string' && term.value.trim()
    ? term.value.trim()
    : null;
}

/**
 * One Wikidata entity (as in the dump or the API) to a knowledge-base record, or
 * the reason it is left out.
 */
export function recordFromWikidata(
  entity: unknown,
  options: WikidataImportOptions = {},
): KbRecord | SkipReason {
  if (
    !isObject(entity) ||
    entity.type !== 'item' ||
    typeof entity.id !== 'string' ||
    !isQid(entity.id)
  ) {
    return 'not-an-item';
  }
  const languages = options.languages ?? DEFAULT_LANGUAGES;
  const classes = classesOf(entity.claims);
  const excluded = options.excludeClasses ?? DEFAULT_EXCLUDED_CLASSES;
  if (classes.some((c) => excluded.includes(c))) return 'class';
  if (options.includeClasses && !classes.some((c) => options.includeClasses!.includes(c)))
    return 'class';
  const sitelinks = countSitelinks(entity.sitelinks);
  if (sitelinks < (options.minSitelinks ?? 0)) return 'sitelinks';

  const names: KbName[] = [];
  const seen = new Set<string>();
  const addName = (value: string, lang: string, kind: KbName['kind']) => {
    const v = value.trim();
    if (!v || seen.has(v)) return;
    seen.add(v);
    names.push({ value: v, lang, kind });
  };
  let name: string | null = null;
  let description: string | null = null;
  for (const lang of languages) {
    const label = termValue(entity.labels, lang);
    if (label) {
      name ??= label;
      addName(label, lang, 'label');
    }
    const aliases = isObject(entity.aliases) ? entity.aliases[lang] : undefined;
    if (Array.isArray(aliases)) {
      for (const alias of aliases)
        if (isObject(alias) && typeof alias.value === 'string') addName(alias.value, lang, 'alias');
    }
    description ??= termValue(entity.descriptions, lang);
  }
  if (!name) return 'no-label';
  const claims = countClaims(entity.claims);
  const labelCount = isObject(entity.labels) ? Object.keys(entity.labels).length : 0;
  return {
    id: entity.id,
    qid: entity.id,
    name,
    type: typeOfClasses(classes),
    classes,
    names,
    description,
    popularity: popularityOf(sitelinks, claims, labelCount),
    sitelinks,
  };
}

/**
 * Streams a Wikidata JSON file into `sink`: the dump format (a JSON array, one
 * entity per line, trailing commas), JSON lines, or one entity document as the
 * API returns it (`{"entities": {...}}` or the bare entity); plain, gzip or bzip2.
 * Malformed lines are counted and reported with their line number; the import goes on.
 */
export async function importWikidata(
  path: string,
  sink: KbRecordSink,
  options: WikidataImportOptions = {},
): Promise<ImportReport> {
  const skipped: Record<SkipReason, number> = {
    'not-an-item': 0,
    'no-label': 0,
    class: 0,
    sitelinks: 0,
  };
  let items = 0;
  let kept = 0;
  const read = await readJsonEntities(path, options, async (entity) => {
    items++;
    const result = recordFromWikidata(entity, options);
    if (typeof result === 'string') skipped[result]++;
    else {
      kept++;
      await sink.add(result);
    }
  });
  return { ...read, items, kept, skipped };
}
