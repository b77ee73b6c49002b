export * from './command-runner.js';
export * from './local-runner.js';
export * from './remote-files.js';
