export * from './dagman-input-file.js';
export * from './dagman-node-status.js';
export * from './dagman-out.js';
export { nodeNameProblem, quoteVariableValue, variableNameProblem } from './dagman-syntax.js';
export * from './dagman-workflow-validation.js';
export * from './dagman-workflow.types.js';
