import { Module } from '@nestjs/common';
import { ArticlesService } from './articles.service';
import { EntitiesService } from './entities.service';
import { StoriesService } from './stories.service';

/** Needs a global `DbModule`. */
@Module({
  providers: [ArticlesService, EntitiesService, StoriesService],
  exports: [ArticlesService, EntitiesService, StoriesService],
})
export class QueryModule {}
