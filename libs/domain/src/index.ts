export * from './status.js';
export * from './transitions.js';
export * from './actions.js';
export * from './errors.js';
export * from './job-types.js';
export * from './viewer.js';
export * from './workspaces.js';
export * from './callback-token.js';
