export * from './normalize';
export * from './ids';
