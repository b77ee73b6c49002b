export * from './batcher.js';
export * from './each-limited.js';
