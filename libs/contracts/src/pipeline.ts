import { Topics } from './topics';
import type { TopicContract } from './topic';

/** Consumer group of each stage; instances of one service share its group. */
export const ConsumerGroups = {
  deduplicator: 'newsgraph.deduplicator',
  entityLinker: 'newsgraph.entity-linker',
  projector: 'newsgraph.projector',
} as const;

export function groupId(group: string, prefix = ''): string {
  return `${prefix}${group}`;
}

/** The stages in pipeline order: which group consumes which topic. */
export const PipelineStages: readonly { group: string; topic: TopicContract }[] = [
  { group: ConsumerGroups.deduplicator, topic: Topics.articleRaw },
  { group: ConsumerGroups.entityLinker, topic: Topics.articleDeduped },
  { group: ConsumerGroups.projector, topic: Topics.articleEnriched },
];
