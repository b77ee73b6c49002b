export * from './queue-gateway.js';
export * from './retry-policy.js';
