import type { EntityType } from '@newsgraph/contracts';

export interface KbEntity {
  /** Wikidata QID, or null for an entity known only to this knowledge base. */
  qid: string | null;
  /** Stable id: the QID when there is one. */
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
}

/** Case- and accent-insensitive key for alias lookup. */
export function foldKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[’'`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export class KnowledgeBase {
  private readonly byAlias = new Map<string, KbEntity>();
  readonly maxAliasTokens: number;

  constructor(readonly entities: readonly KbEntity[]) {
    let max = 1;
    for (const entity of entities) {
      for (const alias of [entity.name, ...entity.aliases]) {
        const key = foldKey(alias);
        if (!key || this.byAlias.has(key)) continue;
        this.byAlias.set(key, entity);
        max = Math.max(max, key.split(' ').length);
      }
    }
    this.maxAliasTokens = max;
  }

  lookup(surface: string): KbEntity | undefined {
    return this.byAlias.get(foldKey(surface));
  }

  get size(): number {
    return this.entities.length;
  }
}
