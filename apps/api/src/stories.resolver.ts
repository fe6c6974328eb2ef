import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Story } from '@newsgraph/db';
import { ArticlesService, StoriesService } from '@newsgraph/query';
import type { GqlContext } from './context';
import {
  ArticleConnectionModel,
  EntityCountModel,
  SourceModel,
  StoryConnectionModel,
  StoryFilterInput,
  StoryModel,
  TimeBucketModel,
  TimeBucketSize,
  toConnection,
} from './models';

@Resolver(() => StoryModel)
export class StoriesResolver {
  constructor(
    private readonly storiesService: StoriesService,
    private readonly articlesService: ArticlesService,
  ) {}

  @Query(() => StoryModel, { nullable: true })
  story(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return ctx.loaders.story.load(id);
  }

  @Query(() => StoryConnectionModel, { description: 'Most recently active first.' })
  async stories(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('last', { type: () => Int, nullable: true }) last?: number,
    @Args('before', { type: () => String, nullable: true }) before?: string,
    @Args('filter', { type: () => StoryFilterInput, nullable: true }) filter?: StoryFilterInput,
  ) {
    return toConnection(
      await this.storiesService.connection({ first, after, last, before, filter }),
    );
  }

  @ResolveField(() => ArticleConnectionModel)
  async articles(
    @Parent() story: Story,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const page = await this.articlesService.connection({
      first,
      after,
      filter: { storyId: story.id },
    });
    return { ...toConnection(page), countAll: page.totalCount };
  }

  @ResolveField(() => [SourceModel])
  sources(@Parent() story: Story, @Context() ctx: GqlContext) {
    return ctx.loaders.storySources.load(story.id);
  }

  @ResolveField(() => [EntityCountModel], {
    description: 'Entities mentioned by most of its articles (top 10).',
  })
  topEntities(@Parent() story: Story, @Context() ctx: GqlContext) {
    return ctx.loaders.storyTopEntities.load(story.id);
  }

  @ResolveField(() => [TimeBucketModel])
  timeline(
    @Parent() story: Story,
    @Args('bucket', { type: () => TimeBucketSize, defaultValue: TimeBucketSize.HOUR })
    bucket: TimeBucketSize,
  ) {
    return this.articlesService.timeline({ storyId: story.id }, bucket);
  }
}
