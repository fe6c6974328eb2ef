export * from './topic';
export * from './article';
export * from './dead-letter';
export * from './topics';
export * from './pipeline';
