export * from './kafka-client';
export * from './publisher';
export * from './batch-consumer';
export * from './retry';
export * from './topics-admin';
export * from './kafka-batch.server';
export * from './kafka-publisher.module';
export * from './consumer-lag';
