export * from './env.js';
export * from './config.js';
