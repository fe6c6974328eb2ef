export * from './dedup-engine';
export * from './replay';
export * from './exact-claims.repository';
export * from './snapshot.repository';
export * from './dedup.service';
export * from './dedup.module';
