import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { EntitiesService, StoriesService } from '@newsgraph/query';
import { EntityModel, StoryModel } from './models';

@Resolver()
export class CatalogResolver {
  constructor(
    private readonly entitiesService: EntitiesService,
    private readonly storiesService: StoriesService,
  ) {}

  @Query(() => [EntityModel], {
    description: 'Most-mentioned first; filter by name (substring) and type.',
  })
  entities(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('name', { type: () => String, nullable: true }) name?: string,
    @Args('type', { type: () => String, nullable: true }) type?: string,
  ) {
    return this.entitiesService.list({ first, name, type });
  }

  @Query(() => [StoryModel], { description: 'Most recently active first.' })
  stories(@Args('first', { type: () => Int, nullable: true }) first?: number) {
    return this.storiesService.list({ first });
  }
}
