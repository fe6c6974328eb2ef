export * from './pagination';
export * from './articles.service';
export * from './entities.service';
export * from './stories.service';
export * from './query.module';
