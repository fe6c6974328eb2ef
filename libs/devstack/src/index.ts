export * from './paths';
export * from './local-kafka';
export * from './service-process';
export * from './test-utils';
export * from './pipeline';
export * from './sample-feed';
export * from './fixture-names';
