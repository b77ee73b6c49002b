export * from './dask-bridge.js';
export * from './dask-bridge.types.js';
export { sourceFile } from './source-file.js';
