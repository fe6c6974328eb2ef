import type { LinkedEntity } from '@newsgraph/contracts';
import type { KnowledgeIndex } from './index/knowledge-index';
import { EntityLinker, type LinkerOptions } from './linker/entity-linker';

const linkers = new WeakMap<KnowledgeIndex, EntityLinker>();

/**
 * Entities of an article, with mention offsets into `title + "\n\n" + body` (the
 * text the API returns).
 */
export function linkEntities(
  kb: KnowledgeIndex,
  title: string,
  body: string,
  options?: LinkerOptions,
): LinkedEntity[] {
  let linker = options ? undefined : linkers.get(kb);
  if (!linker) {
    linker = new EntityLinker(kb, options);
    if (!options) linkers.set(kb, linker);
  }
  return linker.link(`${title}\n\n${body}`, { titleLength: title.length });
}
