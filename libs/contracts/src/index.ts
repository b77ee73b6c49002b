export * from './queues.js';
export * from './actions.js';
export * from './events.js';
