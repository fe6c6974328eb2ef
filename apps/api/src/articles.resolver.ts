import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArticlesService, encodeCursor, type ArticleRecord } from '@newsgraph/query';
import { ArticleConnectionModel, ArticleModel, MentionModel } from './models';

@Resolver(() => ArticleModel)
export class ArticlesResolver {
  constructor(private readonly articlesService: ArticlesService) {}

  @Query(() => ArticleModel, { nullable: true })
  article(@Args('id', { type: () => ID }) id: string): Promise<ArticleRecord | null> {
    return this.articlesService.byId(id);
  }

  @Query(() => ArticleConnectionModel, {
    description: 'Newest first. Pages hold at most 100 articles.',
  })
  async articles(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ArticleConnectionModel> {
    const page = await this.articlesService.list({ first, after });
    return {
      edges: page.nodes.map((node) => ({
        node: node as unknown as ArticleModel,
        cursor: encodeCursor({ at: node.ingestedAt, id: node.id }),
      })),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: page.startCursor,
        endCursor: page.endCursor,
      },
    };
  }

  @ResolveField(() => [MentionModel])
  mentions(@Parent() article: ArticleModel) {
    return this.articlesService.mentionsOf(article.id);
  }
}
