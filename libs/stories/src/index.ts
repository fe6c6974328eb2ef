export * from './features';
export * from './sparse';
export * from './link-clustering';
export * from './story-clusterer';
