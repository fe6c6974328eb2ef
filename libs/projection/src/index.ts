export * from './projection.service';
export * from './projection.module';
export * from './rows';
export * from './coalescing-writer';
