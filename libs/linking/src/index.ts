export * from './knowledge-base';
export * from './dictionary-linker';
export * from './linking.service';
export * from './linking.module';
