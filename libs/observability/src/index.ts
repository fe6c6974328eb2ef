export * from './metrics';
export * from './tracing';
export * from './message-context';
export * from './json-logger';
