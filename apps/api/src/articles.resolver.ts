import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArticlesService, type ArticleRow } from '@newsgraph/query';

import type { GqlContext } from './context';
import {
  ArticleConnectionModel,
  ArticleEntityModel,
  ArticleFilterInput,
  ArticleModel,
  ArticleOrderGql,
  MentionModel,
  SourceModel,
  StoryModel,
  toConnection,
} from './models';

@Resolver(() => ArticleModel)
export class ArticlesResolver {
  constructor(private readonly articlesService: ArticlesService) {}

  @Query(() => ArticleModel, { nullable: true })
  article(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: GqlContext,
  ): Promise<ArticleRow | null> {
    return ctx.loaders.article.load(id);
  }

  @Query(() => ArticleConnectionModel, {
    description: 'Filtered articles, newest first by default; pages of at most 100.',
  })
  async articles(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('last', { type: () => Int, nullable: true }) last?: number,
    @Args('before', { type: () => String, nullable: true }) before?: string,
    @Args('filter', { type: () => ArticleFilterInput, nullable: true }) filter?: ArticleFilterInput,
    @Args('orderBy', { type: () => ArticleOrderGql, nullable: true }) orderBy?: ArticleOrderGql,
  ): Promise<ArticleConnectionModel> {
    const page = await this.articlesService.connection({
      first,
      after,
      last,
      before,
      filter,
      orderBy,
    });
    return {
      ...toConnection(page),
      countAll: page.totalCount,
    } as unknown as ArticleConnectionModel;
  }

  @Query(() => ArticleConnectionModel, { description: 'Full-text search, most relevant first.' })
  async search(
    @Args('query') query: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('filter', { type: () => ArticleFilterInput, nullable: true }) filter?: ArticleFilterInput,
  ): Promise<ArticleConnectionModel> {
    const page = await this.articlesService.search({ query, first, after, filter });
    return {
      ...toConnection(page),
      countAll: page.totalCount,
    } as unknown as ArticleConnectionModel;
  }

  @ResolveField(() => SourceModel)
  source(@Parent() a: ArticleRow, @Context() ctx: GqlContext) {
    return ctx.loaders.source.load(a.sourceId);
  }

  @ResolveField(() => StoryModel, { nullable: true })
  story(@Parent() a: ArticleRow, @Context() ctx: GqlContext) {
    return a.storyId ? ctx.loaders.story.load(a.storyId) : null;
  }

  @ResolveField(() => ArticleModel, {
    nullable: true,
    description: 'The canonical article, for copies.',
  })
  duplicateOf(@Parent() a: ArticleRow, @Context() ctx: GqlContext) {
    return a.duplicateOfId ? ctx.loaders.article.load(a.duplicateOfId) : null;
  }

  @ResolveField(() => [ArticleModel], { description: 'Copies of this article, earliest first.' })
  copies(@Parent() a: ArticleRow, @Context() ctx: GqlContext) {
    return ctx.loaders.copies.load(a.id);
  }

  @ResolveField(() => [MentionModel])
  mentions(@Parent() a: ArticleRow, @Context() ctx: GqlContext) {
    return ctx.loaders.mentions.load(a.id);
  }

  @ResolveField(() => [ArticleEntityModel], {
    description: 'Entities of the article, most salient first.',
  })
  entities(@Parent() a: ArticleRow, @Context() ctx: GqlContext) {
    return ctx.loaders.articleEntities.load(a.id);
  }
}

@Resolver(() => ArticleConnectionModel)
export class ArticleConnectionResolver {
  @ResolveField(() => Int, { description: 'All matches, not just this page (costs a count).' })
  totalCount(@Parent() c: ArticleConnectionModel): Promise<number> {
    return c.countAll ? c.countAll() : Promise.resolve(c.edges.length);
  }
}
