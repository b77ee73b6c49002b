import { invalid } from '../../../../domain/src/index.js';
import {
  categoryProblem, isInteger, nodeNameProblem, quoteVariableValue, relativePathProblem, scriptWordProblem, variableNameProblem,
} from './dagman-syntax.js';
import type { Workflow, WorkflowNode } from './dagman-workflow.types.js';

/**
 * Checks a workflow before any file is written: unique node names DAGMan
 * accepts, only JOB nodes, known parents, no dependency cycle (naming the
 * nodes in it), and every value in a form the DAG file can hold. Errors
 * are `invalid(field, problem)` with fields like `nodes[2].parents`.
 */
export function validateWorkflow(workflow: Workflow): void {
  if (!Array.isArray(workflow.nodes) || workflow.nodes.length === 0) throw invalid('nodes', 'a workflow needs at least one node');
  const index = new Map<string, number>();
  workflow.nodes.forEach((node, i) => {
    const problem = typeof node.name === 'string' ? nodeNameProblem(node.name) : 'must be a string';
    if (problem) throw invalid(`nodes[${i}].name`, problem);
    const twin = index.get(node.name);
    if (twin !== undefined) throw invalid(`nodes[${i}].name`, `"${node.name}" is already the name of nodes[${twin}]`);
    index.set(node.name, i);
  });
  workflow.nodes.forEach((node, i) => validateNode(node, `nodes[${i}]`, index));
  checkAcyclic(workflow.nodes, index);
  for (const [category, limit] of Object.entries(workflow.maxJobs ?? {})) {
    const problem = categoryProblem(category);
    if (problem) throw invalid(`maxJobs.${category}`, `category name ${problem}`);
    if (!isInteger(limit, 1)) throw invalid(`maxJobs.${category}`, 'must be a whole number of at least 1');
  }
  if (workflow.config !== undefined) pathCheck('config', workflow.config);
}

function validateNode(node: WorkflowNode, at: string, index: Map<string, number>): void {
  const type = node.type ?? 'JOB';
  if (type !== 'JOB') throw invalid(`${at}.type`, `${type} nodes are not supported; only JOB nodes are`);
  for (const parent of node.parents ?? []) {
    if (!index.has(parent)) throw invalid(`${at}.parents`, `node "${node.name}" names an unknown parent "${parent}"`);
  }
  validateSubmit(node, at);
  if (node.submitFile !== undefined) pathCheck(`${at}.submitFile`, node.submitFile);
  if (node.dir !== undefined) pathCheck(`${at}.dir`, node.dir);
  for (const kind of ['pre', 'post'] as const) validateScript(node, at, kind);
  for (const [name, value] of Object.entries(node.variables ?? {})) {
    const problem = variableNameProblem(name);
    if (problem) throw invalid(`${at}.variables.${name}`, `variable name ${problem}`);
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw invalid(`${at}.variables.${name}`, 'must be a string, number or boolean');
    if (quoteVariableValue(String(value)) === undefined) throw invalid(`${at}.variables.${name}`, 'cannot hold a line break or NUL character');
  }
  if (node.category !== undefined) {
    const problem = categoryProblem(node.category);
    if (problem) throw invalid(`${at}.category`, problem);
  }
  validateNumbers(node, at);
  for (const flag of ['noop', 'done'] as const) {
    if (node[flag] !== undefined && typeof node[flag] !== 'boolean') throw invalid(`${at}.${flag}`, 'must be true or false');
  }
}

function validateSubmit(node: WorkflowNode, at: string): void {
  const submit = node.submit as unknown;
  if (typeof submit !== 'object' || submit === null) throw invalid(`${at}.submit`, 'needs a submit description or attributes');
  if ('description' in submit) {
    const text = (submit as { description: unknown }).description;
    const queues = typeof text === 'string' ? text.split('\n').filter((line) => /^\s*queue(\s|$)/i.test(line)).length : 0;
    if (queues !== 1) throw invalid(`${at}.submit.description`, 'must be a submit description with exactly one queue statement');
  } else if ('attributes' in submit) {
    const { attributes, queue } = submit as { attributes: unknown; queue?: unknown };
    if (typeof attributes !== 'object' || attributes === null) throw invalid(`${at}.submit.attributes`, 'must be an object');
    if (queue !== undefined && !isInteger(queue, 1)) throw invalid(`${at}.submit.queue`, 'must be a whole number of at least 1');
  } else {
    throw invalid(`${at}.submit`, 'needs a submit description or attributes');
  }
}

function validateScript(node: WorkflowNode, at: string, kind: 'pre' | 'post'): void {
  const script = node[`${kind}Script`];
  const args = node[`${kind}ScriptArgs`];
  if (script === undefined) {
    if (args !== undefined) throw invalid(`${at}.${kind}ScriptArgs`, `there is no ${kind}Script to pass them to`);
    return;
  }
  const problem = scriptWordProblem(script);
  if (problem) throw invalid(`${at}.${kind}Script`, problem);
  for (const arg of scriptArgs(args)) {
    const argProblem = scriptWordProblem(arg);
    if (argProblem) throw invalid(`${at}.${kind}ScriptArgs`, argProblem);
  }
}

/** Script arguments as words: a string is split on white space, as DAGMan splits it. */
export function scriptArgs(args: WorkflowNode['preScriptArgs']): string[] {
  if (args === undefined) return [];
  return typeof args === 'string' ? args.split(/\s+/).filter(Boolean) : [...args];
}

function validateNumbers(node: WorkflowNode, at: string): void {
  const check = (field: keyof WorkflowNode, min?: number, max?: number, needs?: keyof WorkflowNode) => {
    const value = node[field];
    if (value === undefined) return;
    if (!isInteger(value, min, max)) {
      throw invalid(`${at}.${field}`, min === undefined ? 'must be a whole number' : `must be a whole number from ${min} to ${max ?? 2147483647}`);
    }
    if (needs && node[needs] === undefined) throw invalid(`${at}.${field}`, `only applies together with ${needs}`);
  };
  check('priority');
  check('retry', 0);
  check('retryUnlessExit', undefined, undefined, 'retry');
  check('preSkip', 0, 255, 'preScript');
  check('abortDagOn');
  check('abortDagOnReturn', 0, 255, 'abortDagOn');
}

function pathCheck(field: string, path: string): void {
  const problem = typeof path === 'string' ? relativePathProblem(path) : 'must be a string';
  if (problem) throw invalid(field, problem);
}

/** Depth-first search; a back edge is a cycle, reported with every node on it. */
function checkAcyclic(nodes: readonly WorkflowNode[], index: Map<string, number>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    path.push(name);
    for (const parent of nodes[index.get(name)!].parents ?? []) {
      if (state.get(parent) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(parent)), parent].reverse();
        throw invalid(`nodes[${index.get(parent)}].parents`, `the dependencies form a cycle: ${cycle.join(' -> ')}`);
      }
      if (!state.has(parent)) visit(parent);
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const node of nodes) if (!state.has(node.name)) visit(node.name);
}
