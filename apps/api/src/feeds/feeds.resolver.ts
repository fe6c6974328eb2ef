import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  FeedNotFoundError,
  FeedsService,
  InvalidFeedUrlError,
  InvalidOpmlError,
  type FeedRecord,
} from '@newsgraph/feed-registry';
import { GraphQLError } from 'graphql';
import { AdminGuard } from './admin.guard';
import { FeedModel, FeedStatusGql, OpmlImportResultModel } from './feed.models';

const MAX_OPML_CHARS = 5_000_000;

/** Known failures become client errors naming the argument; the rest stays internal. */
async function asUserErrors<T>(argument: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidFeedUrlError || error instanceof InvalidOpmlError) {
      throw new GraphQLError(`${argument}: ${error.message}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    if (error instanceof FeedNotFoundError) {
      throw new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND' } });
    }
    throw error;
  }
}

const toModel = (feed: FeedRecord) => feed as unknown as FeedModel;

@Resolver(() => FeedModel)
@UseGuards(AdminGuard)
export class FeedsResolver {
  constructor(private readonly registry: FeedsService) {}

  @Query(() => [FeedModel], { description: 'Registered feeds by URL (admin key).' })
  async feeds(
    @Args('status', { type: () => FeedStatusGql, nullable: true }) status?: FeedStatusGql,
  ): Promise<FeedModel[]> {
    return (await this.registry.list({ status })).map(toModel);
  }

  @Query(() => String, { description: 'The registry as an OPML 2.0 subscription list.' })
  exportOpml(): Promise<string> {
    return this.registry.exportOpml();
  }

  @Mutation(() => FeedModel, {
    description: 'Registers a feed (or returns it when registered already); polled at once.',
  })
  async addFeed(
    @Args('url') url: string,
    @Args('title', { type: () => String, nullable: true }) title?: string,
  ): Promise<FeedModel> {
    return toModel((await asUserErrors('url', () => this.registry.add({ url, title }))).feed);
  }

  @Mutation(() => FeedModel)
  async pauseFeed(@Args('id', { type: () => ID }) id: string): Promise<FeedModel> {
    return toModel(await asUserErrors('id', () => this.registry.pause(id)));
  }

  @Mutation(() => FeedModel, { description: 'Back to polling now.' })
  async resumeFeed(@Args('id', { type: () => ID }) id: string): Promise<FeedModel> {
    return toModel(await asUserErrors('id', () => this.registry.resume(id)));
  }

  @Mutation(() => Boolean, { description: 'False when no such feed existed.' })
  removeFeed(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.registry.remove(id);
  }

  @Mutation(() => OpmlImportResultModel, {
    description: 'Adds every feed of an OPML list; invalid entries are listed, not fatal.',
  })
  importOpml(@Args('opml') opml: string): Promise<OpmlImportResultModel> {
    if (opml.length > MAX_OPML_CHARS) {
      throw new GraphQLError(`opml: longer than ${MAX_OPML_CHARS} characters`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return asUserErrors('opml', () => this.registry.importOpml(opml));
  }
}
