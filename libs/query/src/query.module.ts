import { Module, type DynamicModule } from '@nestjs/common';
import {
  ArticlesService,
  DEFAULT_QUERY_OPTIONS,
  QUERY_OPTIONS,
  type QueryOptions,
} from './articles.service';
import { EntitiesService } from './entities.service';
import { StoriesService } from './stories.service';

/** Needs a global `DbModule`. */
@Module({
  providers: [ArticlesService, EntitiesService, StoriesService],
  exports: [ArticlesService, EntitiesService, StoriesService],
})
export class QueryModule {
  static forRoot(options: QueryOptions = DEFAULT_QUERY_OPTIONS): DynamicModule {
    return {
      module: QueryModule,
      providers: [{ provide: QUERY_OPTIONS, useValue: options }],
    };
  }
}
