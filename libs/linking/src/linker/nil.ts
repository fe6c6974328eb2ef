import type { EntityType } from '@newsgraph/contracts';
import { foldKey } from '../text/fold';

/**
 * Deterministic id of an entity the knowledge base does not know: the same name
 * with the same type is the same entity in every article.
 */
export function nilId(type: EntityType, name: string): string {
  return `nil:${type}:${foldKey(name)}`.slice(0, 300);
}
