export * from './repo';
