export * from './entities/index.js';
export * from './data-source.js';
export * from './repositories/index.js';
export * from './job-status.js';
export * from './secrets/secret-box.js';
