import type { EntityType } from '@newsgraph/contracts';

/** One name of an entity: a label or an alias, in one language. */
export interface KbName {
  value: string;
  /** BCP 47-ish language code as Wikidata writes it ("en", "de", "mul"), or "" when unknown. */
  lang: string;
  kind: 'label' | 'alias';
}

/**
 * One knowledge-base entity as the importers produce it: flat, JSON-serialisable,
 * one row per entity plus one row per name when stored in a database
 * (entity(id, qid, name, type, classes, description, popularity, sitelinks) and
 * entity_name(entity_id, value, lang, kind)).
 */
export interface KbRecord {
  /** The QID when there is one, else a namespaced id of the source ("geonames:169389"). */
  id: string;
  qid: string | null;
  /** Display name: the English label when there is one. */
  name: string;
  type: EntityType;
  /** Wikidata classes (P31 values). */
  classes: string[];
  /** Labels and aliases, de-duplicated; the display name is among them. */
  names: KbName[];
  description: string | null;
  /** Prior probability-like popularity in [0, 1] (sitelinks, claims, population…). */
  popularity: number;
  sitelinks: number;
}

/** Where import output goes: the in-memory index today, a database table later. */
export interface KbRecordSink {
  add(record: KbRecord): void | Promise<void>;
}

const QID_RE = /^Q[1-9]\d*$/;
export const isQid = (id: string): boolean => QID_RE.test(id);

// Coarse types of common Wikidata classes (P31 values). The first matching class
// of an item decides; items whose classes are all unknown are "other".
const CLASS_TYPES: Record<string, EntityType> = {};
const classes = (type: EntityType, ids: string) => {
  for (const id of ids.split(' ')) CLASS_TYPES[id] = type;
};
classes('person', 'Q5 Q215627 Q15632617 Q95074');
classes(
  'organisation',
  'Q43229 Q4830453 Q783794 Q891723 Q6881511 Q7278 Q3918 Q875538 Q902104 Q476028 Q847017 Q12973014 Q163740 Q327333 Q484652 Q4438121 Q31855 Q1664720 Q3914 Q15911314 Q7210356 Q11032 Q1002697 Q215380 Q18127 Q2085381 Q1616075 Q14350 Q1331793 Q15265344 Q210167',
);
classes(
  'place',
  'Q27096213 Q2221906 Q17334923 Q6256 Q3624078 Q515 Q1549591 Q1637706 Q200250 Q486972 Q532 Q3957 Q5119 Q7930989 Q15284 Q35657 Q107390 Q10864048 Q13220204 Q1093829 Q28575 Q47168 Q8502 Q4022 Q23397 Q23442 Q5107 Q82794 Q1620908 Q41176 Q811979 Q1248784 Q33506 Q483110 Q12280 Q16970 Q23413',
);
classes(
  'event',
  'Q1656682 Q1190554 Q198 Q178561 Q350604 Q645883 Q13406554 Q18608583 Q27020041 Q16510064 Q15275719 Q500834 Q40231 Q3839081 Q8065 Q2627975 Q132241 Q464980',
);
classes(
  'work',
  'Q17537576 Q386724 Q11424 Q5398426 Q15416 Q482994 Q134556 Q7366 Q105543609 Q2188189 Q7725634 Q571 Q47461344 Q3305213 Q7889 Q1983062 Q21191270 Q25379 Q1344 Q8261 Q41298',
);

/** Coarse entity type of an item from its classes. */
export function typeOfClasses(classIds: readonly string[]): EntityType {
  for (const id of classIds) {
    const type = CLASS_TYPES[id];
    if (type) return type;
  }
  return 'other';
}

/** Popularity prior from what an item offers: sitelinks when it has any, else its size. */
export function popularityOf(sitelinks: number, claims: number, names: number): number {
  if (sitelinks > 0) return Math.min(1, Math.log1p(sitelinks) / Math.log1p(250));
  // Claims and names say less about how often news mention an item: capped lower.
  return 0.5 * Math.min(1, Math.log1p(claims + names) / Math.log1p(400));
}

/** Accepts the walking skeleton's `{id, qid, name, type, aliases}` records too. */
export interface LegacyKbEntity {
  id: string;
  qid: string | null;
  name: string;
  type: EntityType;
  aliases: string[];
}

export function recordFromLegacy(e: LegacyKbEntity): KbRecord {
  const names: KbName[] = [{ value: e.name, lang: '', kind: 'label' }];
  for (const alias of e.aliases) names.push({ value: alias, lang: '', kind: 'alias' });
  return {
    id: e.id,
    qid: e.qid,
    name: e.name,
    type: e.type,
    classes: [],
    names,
    description: null,
    // Hand-written fixtures list the entities that matter for the feed.
    popularity: 0.7,
    sitelinks: 0,
  };
}
