import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import type { Article, Story } from '@newsgraph/db';
import { ArticleFilterInput, ArticleModel, StoryModel } from '../models';
import { ARTICLE_ADDED, ProjectionListener, STORY_UPDATED } from './projection-listener.service';

interface ArticleAdded {
  article: Article;
  entityIds: string[];
}

/** The filter of `articles`, applied to one new article in memory. */
export function matchesArticle(
  event: ArticleAdded,
  filter: ArticleFilterInput | null | undefined,
): boolean {
  if (!filter) return true;
  const a = event.article;
  if (filter.sourceIds?.length && !filter.sourceIds.includes(a.sourceId)) return false;
  if (filter.languages?.length && !filter.languages.includes(a.language ?? '')) return false;
  if (filter.storyId && a.storyId !== filter.storyId) return false;
  if (filter.includeCopies === false && a.duplicateKind !== 'unique') return false;
  if (filter.from && a.occurredAt < filter.from) return false;
  if (filter.to && a.occurredAt >= filter.to) return false;
  if (filter.entityIds?.length && !filter.entityIds.every((id) => event.entityIds.includes(id)))
    return false;
  if (filter.query) {
    // Subscriptions match words case-insensitively (no stemming, no operators).
    const text = `${a.title}\n${a.body}`.toLowerCase();
    const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.every((w) => text.includes(w))) return false;
  }
  return true;
}

@Resolver()
export class SubscriptionsResolver {
  constructor(private readonly listener: ProjectionListener) {}

  @Subscription(() => ArticleModel, {
    description: 'Articles as they become queryable. Needs a read or admin key.',
    filter: (event: ArticleAdded, args: { filter?: ArticleFilterInput }) =>
      matchesArticle(event, args.filter),
    resolve: (event: ArticleAdded) => event.article,
  })
  articleAdded(
    @Args('filter', { type: () => ArticleFilterInput, nullable: true })
    _filter?: ArticleFilterInput,
  ) {
    return this.listener.pubsub.asyncIterableIterator(ARTICLE_ADDED);
  }

  @Subscription(() => StoryModel, {
    description: 'Stories when articles join them. Needs a read or admin key.',
    filter: (event: { story: Story }, args: { storyIds?: string[] }) =>
      !args.storyIds?.length || args.storyIds.includes(event.story.id),
    resolve: (event: { story: Story }) => event.story,
  })
  storyUpdated(@Args('storyIds', { type: () => [ID], nullable: true }) _storyIds?: string[]) {
    return this.listener.pubsub.asyncIterableIterator(STORY_UPDATED);
  }
}
