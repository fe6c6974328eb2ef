import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Entity } from '@newsgraph/db';
import { ArticlesService, EntitiesService } from '@newsgraph/query';
import type { GqlContext } from './context';
import {
  ArticleConnectionModel,
  EntityConnectionModel,
  EntityCountModel,
  EntityModel,
  TimeBucketModel,
  TimeBucketSize,
  toConnection,
} from './models';

@Resolver(() => EntityModel)
export class EntitiesResolver {
  constructor(
    private readonly entitiesService: EntitiesService,
    private readonly articlesService: ArticlesService,
  ) {}

  @Query(() => EntityModel, { nullable: true, description: 'By id or by Wikidata QID.' })
  entity(
    @Args('id', { type: () => ID, nullable: true }) id?: string,
    @Args('qid', { type: () => String, nullable: true }) qid?: string,
  ) {
    return this.entitiesService.find({ id, qid });
  }

  @Query(() => EntityConnectionModel, {
    description: 'Most-mentioned first, or by similarity to `search` (name or any spelling seen).',
  })
  async entities(
    @Args('search', { type: () => String, nullable: true }) search?: string,
    @Args('type', { type: () => String, nullable: true }) type?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    return toConnection(await this.entitiesService.connection({ search, type, first, after }));
  }

  @ResolveField(() => [String], { description: 'Every spelling it was mentioned by.' })
  aliases(@Parent() e: Entity, @Context() ctx: GqlContext) {
    return ctx.loaders.aliases.load(e.id);
  }

  @ResolveField(() => Int, { description: 'Articles that mention it.' })
  articleCount(@Parent() e: Entity, @Context() ctx: GqlContext) {
    return ctx.loaders.articleCount.load(e.id);
  }

  @ResolveField(() => ArticleConnectionModel)
  async articles(
    @Parent() e: Entity,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('from', { type: () => Date, nullable: true }) from?: Date,
    @Args('to', { type: () => Date, nullable: true }) to?: Date,
  ) {
    const page = await this.articlesService.connection({
      first,
      after,
      filter: { entityIds: [e.id], from, to },
    });
    return { ...toConnection(page), countAll: page.totalCount };
  }

  @ResolveField(() => [EntityCountModel], {
    description: 'Entities mentioned in the same articles, with counts.',
  })
  coMentioned(
    @Parent() e: Entity,
    @Args('from', { type: () => Date, nullable: true }) from?: Date,
    @Args('to', { type: () => Date, nullable: true }) to?: Date,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ) {
    return this.entitiesService.coMentioned(e.id, { from, to, first });
  }

  @ResolveField(() => [TimeBucketModel])
  timeline(
    @Parent() e: Entity,
    @Args('bucket', { type: () => TimeBucketSize, defaultValue: TimeBucketSize.DAY })
    bucket: TimeBucketSize,
    @Args('from', { type: () => Date, nullable: true }) from?: Date,
    @Args('to', { type: () => Date, nullable: true }) to?: Date,
  ) {
    return this.entitiesService.timeline(e.id, { bucket, from, to });
  }
}
