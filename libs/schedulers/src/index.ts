export * from './backend.js';
export * from './condor/index.js';
export * from './dask/index.js';
export * from './runner/index.js';
export * from './ssh/index.js';
export * from './scheduler-input.js';
export * from './scheduler-runners.js';
