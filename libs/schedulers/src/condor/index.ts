export * from './condorpy-templates.js';
export * from './event-log.js';
export * from './event-log-status.js';
export * from './queue-output.js';
export * from './status-map.js';
export * from './submit-description.js';
export * from './dag/index.js';
