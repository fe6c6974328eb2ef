export * from './hash';
export * from './tokens';
export * from './sketch';
export * from './near-dup-index';
