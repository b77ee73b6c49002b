export * from './backend.js';
export * from './dask/index.js';
