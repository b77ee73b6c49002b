export * from './queue-gateway.js';
export * from './queue-types.js';
export * from './retry-policy.js';
