import { KnowledgeIndex } from './index/knowledge-index';
import { recordFromLegacy, type LegacyKbEntity } from './kb/record';

export { foldKey } from './text/fold';

/** The walking skeleton's entity record, still accepted in KB files and here. */
export type KbEntity = LegacyKbEntity;

/** The knowledge base the linker reads: the compact index. */
export const KnowledgeBase = KnowledgeIndex;
export type KnowledgeBase = KnowledgeIndex;

/** An index over `{id, qid, name, type, aliases}` records (tests, small fixtures). */
export function knowledgeBaseOf(entities: readonly KbEntity[]): KnowledgeIndex {
  return KnowledgeIndex.fromRecords(entities.map(recordFromLegacy));
}
