export * from './host-key.js';
export * from './sftp-session.js';
export * from './shell-quote.js';
export * from './ssh-errors.js';
export * from './ssh-pool-registry.js';
export * from './ssh-pool.js';
export * from './ssh-runner.js';
export * from './ssh-target.js';
