export * from './env.js';
export * from './config.js';
export * from './logger.js';
