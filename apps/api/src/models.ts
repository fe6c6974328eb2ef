import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum DuplicateKindGql {
  unique = 'unique',
  exact = 'exact',
  near = 'near',
}
registerEnumType(DuplicateKindGql, { name: 'DuplicateKind' });

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
  @Field(() => Int, { nullable: true, description: 'Articles that mention it.' })
  articleCount?: number;
}

@ObjectType('Mention')
export class MentionModel {
  @Field(() => Int, { description: 'Offset into `title + "\\n\\n" + body`.' }) start!: number;
  @Field(() => Int) end!: number;
  @Field() surface!: string;
  @Field(() => Float) confidence!: number;
  @Field(() => EntityModel) entity!: EntityModel;
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
  @Field(() => Date, { nullable: true }) publishedAt!: Date | null;
  @Field() ingestedAt!: Date;
  @Field(() => SourceModel) source!: SourceModel;
  @Field(() => DuplicateKindGql) duplicateKind!: DuplicateKindGql;
  @Field(() => ID, { nullable: true, description: 'The canonical article this one copies.' })
  duplicateOfId!: string | null;
  @Field(() => StoryModel, { nullable: true }) story!: StoryModel | null;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('ArticleEdge')
export class ArticleEdgeModel {
  @Field() cursor!: string;
  @Field(() => ArticleModel) node!: ArticleModel;
}

@ObjectType('ArticleConnection')
export class ArticleConnectionModel {
  @Field(() => [ArticleEdgeModel]) edges!: ArticleEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
}
