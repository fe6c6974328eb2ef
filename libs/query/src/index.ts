export * from './pagination';
export * from './article-filter';
export * from './articles.service';
export * from './entities.service';
export * from './stories.service';
export * from './loaders';
export * from './query.module';
export * from './columns';
