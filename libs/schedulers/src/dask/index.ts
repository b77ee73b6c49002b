export * from './dask-backend.js';
export * from './dask-bridge.js';
export * from './dask-bridge.types.js';
export * from './dask-job-key.js';
export * from './dask-scheduler-settings.js';
export * from './dask-status.js';
export { sourceFile } from './source-file.js';
