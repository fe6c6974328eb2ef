export * from './verdict';
export * from './exact-claims.repository';
export * from './dedup.service';
export * from './dedup.module';
