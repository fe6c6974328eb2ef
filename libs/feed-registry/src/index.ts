export * from './feed-url';
export * from './xml-safety';
export * from './opml';
export * from './feeds.service';
export * from './feed-registry.module';
