import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';

export enum DuplicateKindGql {
  unique = 'unique',
  exact = 'exact',
  near = 'near',
}
registerEnumType(DuplicateKindGql, { name: 'DuplicateKind' });

export enum ArticleOrderGql {
  NEWEST = 'NEWEST',
  OLDEST = 'OLDEST',
}
registerEnumType(ArticleOrderGql, { name: 'ArticleOrder' });

export enum TimeBucketSize {
  HOUR = 'HOUR',
  DAY = 'DAY',
}
registerEnumType(TimeBucketSize, { name: 'TimeBucketSize' });

@InputType('ArticleFilter')
export class ArticleFilterInput {
  @Field(() => [ID], {
    nullable: true,
    description: 'Articles mentioning every one of these entities (ids or QIDs).',
  })
  entityIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) sourceIds?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Language codes, e.g. "en".' }) languages?:
    string[] | null;
  @Field(() => ID, { nullable: true }) storyId?: string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Happened at or after (published, else ingested).',
  })
  from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Happened before.' }) to?: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'Full-text query: words, "phrases", OR, -excluded.',
  })
  query?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include copies of other articles (default true).',
  })
  includeCopies?: boolean | null;
}

@InputType('StoryFilter')
export class StoryFilterInput {
  @Field(() => [ID], {
    nullable: true,
    description: 'Stories mentioning every one of these entities.',
  })
  entityIds?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'Active at or after.' }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Active before.' }) to?: Date | null;
}

@ObjectType('Source')
export class SourceModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
}

@ObjectType('Entity')
export class EntityModel {
  @Field(() => ID, {
    description: 'The Wikidata QID, or a stable id for entities not in the knowledge base.',
  })
  id!: string;
  @Field(() => String, { nullable: true }) qid!: string | null;
  @Field() name!: string;
  @Field() type!: string;
}

@ObjectType('EntityCount')
export class EntityCountModel {
  @Field(() => EntityModel) entity!: EntityModel;
  @Field(() => Int) count!: number;
}

@ObjectType('TimeBucket')
export class TimeBucketModel {
  @Field() start!: Date;
  @Field(() => Int) count!: number;
}

@ObjectType('Mention')
export class MentionModel {
  @Field(() => Int, { description: 'Offset into `title + "\\n\\n" + body`.' }) start!: number;
  @Field(() => Int) end!: number;
  @Field() surface!: string;
  @Field(() => Float) confidence!: number;
  @Field(() => EntityModel) entity!: EntityModel;
}

@ObjectType('ArticleEntity', { description: 'An entity as one article mentions it.' })
export class ArticleEntityModel {
  @Field(() => EntityModel) entity!: EntityModel;
  @Field(() => Int) mentionCount!: number;
  @Field(() => Float) salience!: number;
}

@ObjectType('Story')
export class StoryModel {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() firstSeenAt!: Date;
  @Field() lastSeenAt!: Date;
  @Field(() => Int) articleCount!: number;
  @Field(() => Int) sourceCount!: number;
}

@ObjectType('Article')
export class ArticleModel {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() body!: string;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) language!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Who wrote it, as the source names them (feed author, page byline).',
  })
  byline!: string | null;
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field() ingestedAt!: Date;
  @Field({ description: 'Published time if known, else ingestion time.' }) occurredAt!: Date;
  @Field(() => DuplicateKindGql) duplicateKind!: DuplicateKindGql;
  @Field(() => ID, { nullable: true, description: 'The canonical article this one copies.' })
  duplicateOfId!: string | null;
  @Field(() => Float, { nullable: true }) similarity!: number | null;
  sourceId!: string;
  storyId!: string | null;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoModel;
}

/** A Relay connection type for `node`: `<name>Connection` with `<name>Edge`s. */
export function Connection<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }
  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
    /** Counts all matches; resolved only when the client asks for totalCount. */
    countAll?: () => Promise<number>;
  }
  return ConnectionType;
}

export const ArticleConnectionModel = Connection(ArticleModel, 'Article');
export type ArticleConnectionModel = InstanceType<typeof ArticleConnectionModel>;
export const StoryConnectionModel = Connection(StoryModel, 'Story');
export type StoryConnectionModel = InstanceType<typeof StoryConnectionModel>;
export const EntityConnectionModel = Connection(EntityModel, 'Entity');
export type EntityConnectionModel = InstanceType<typeof EntityConnectionModel>;

export function toConnection<T>(page: {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}): ConnectionShape<T> {
  return {
    edges: page.nodes.map((node, i) => ({ node, cursor: page.cursors[i]! })),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
  };
}
