import { Topics } from './topics';
import type { TopicContract } from './topic';

/**
 * Consumer group of each stage; instances of one service share its group. A
 * service consuming two topics uses one group per topic: kafkajs' assignors
 * hand out every subscribed topic's partitions to every member of a group.
 */
export const ConsumerGroups = {
  /** Forwards raw articles into the single-partition sequence (any number of instances). */
  deduplicator: 'newsgraph.deduplicator',
  /** Decides verdicts and stories in sequence order (one active instance, others on standby). */
  deduplicatorSequence: 'newsgraph.deduplicator.sequence',
  entityLinker: 'newsgraph.entity-linker',
  projector: 'newsgraph.projector',
  projectorStoryMoves: 'newsgraph.projector.story-moves',
} as const;

export function groupId(group: string, prefix = ''): string {
  return `${prefix}${group}`;
}

/** The stages in pipeline order: which group consumes which topic. */
export const PipelineStages: readonly { group: string; topic: TopicContract }[] = [
  { group: ConsumerGroups.deduplicator, topic: Topics.articleRaw },
  { group: ConsumerGroups.deduplicatorSequence, topic: Topics.dedupSequence },
  { group: ConsumerGroups.entityLinker, topic: Topics.articleDeduped },
  { group: ConsumerGroups.projector, topic: Topics.articleEnriched },
  { group: ConsumerGroups.projectorStoryMoves, topic: Topics.storyMoves },
];
