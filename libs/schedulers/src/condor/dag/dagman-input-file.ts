import { DomainError, invalid } from '../../../../domain/src/index.js';
import { writeSubmitDescription } from '../submit-description.js';
import { quoteVariableValue } from './dagman-syntax.js';
import { scriptArgs, validateWorkflow } from './dagman-workflow-validation.js';
import type { Workflow, WorkflowNode } from './dagman-workflow.types.js';

/**
 * The DAG input file of a workflow, in the section order condorpy writes
 * (CONFIG; JOB; VARS; PARENT ... CHILD; SCRIPT PRE/POST; PRE_SKIP;
 * CATEGORY; PRIORITY; RETRY; MAXJOBS), plus what condorpy dropped:
 * `RETRY n UNLESS-EXIT v` and `ABORT-DAG-ON node v [RETURN r]`.
 * The workflow is validated first, so every name, path and value is one
 * the file can hold.
 */
export function writeDagFile(workflow: Workflow): string {
  validateWorkflow(workflow);
  const nodes = workflow.nodes;
  const sections: string[][] = [
    workflow.config === undefined ? [] : [`CONFIG ${workflow.config}`],
    nodes.map(jobLine),
    nodes.flatMap(varsLine),
    nodes.flatMap((node) => dependencyLine(node, nodes)),
    nodes.flatMap(scriptLines),
    nodes.flatMap((n) => (n.preSkip === undefined ? [] : [`PRE_SKIP ${n.name} ${n.preSkip}`])),
    nodes.flatMap((n) => (n.category === undefined ? [] : [`CATEGORY ${n.name} ${n.category}`])),
    nodes.flatMap((n) => (n.priority === undefined ? [] : [`PRIORITY ${n.name} ${n.priority}`])),
    nodes.flatMap(retryLine),
    nodes.flatMap(abortLine),
    Object.entries(workflow.maxJobs ?? {}).map(([category, limit]) => `MAXJOBS ${category} ${limit}`),
  ];
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** Where a node's submit file goes, relative to the DAG file: condorpy's `<name>/<name>.job` unless given. */
export function nodeSubmitFile(node: WorkflowNode): string {
  return node.submitFile ?? `${node.name}/${node.name}.job`;
}

/**
 * The DAG file name for a workflow name: condorpy's `<name>.dag` with
 * spaces as `_`; other characters a file name should not hold become `_`
 * too, and a leading `.` or `-` gets a `_` in front.
 */
export function dagFileName(workflowName: string): string {
  const base = workflowName.trim().replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^([.-])/, '_$1');
  if (base === '') throw invalid('name', 'a workflow needs a name to name its DAG file');
  return `${base}.dag`;
}

/** Service stamps for node jobs written from attributes (see writeSubmitDescription). */
export interface NodeJobStamps {
  jobsApiId: string;
  jobsApiToken: string;
}

/** The text of a node's submit file: its description as given, or its attributes written with the service stamps. */
export function nodeSubmitDescription(node: WorkflowNode, index: number, stamps: NodeJobStamps): string {
  const submit = node.submit;
  if ('description' in submit) return submit.description.endsWith('\n') ? submit.description : `${submit.description}\n`;
  try {
    return writeSubmitDescription({ attributes: submit.attributes, queue: submit.queue ?? 1, ...stamps });
  } catch (err) {
    if (err instanceof DomainError && err.field) {
      throw invalid(`nodes[${index}].submit.${err.field}`, err.message.slice(err.field.length + 2));
    }
    throw err;
  }
}

/** Every file of a workflow: the DAG file and one submit file per node, keyed by path relative to the DAG file. */
export function workflowFiles(workflow: Workflow, stamps: NodeJobStamps): Map<string, string> {
  const files = new Map([[dagFileName(workflow.name), writeDagFile(workflow)]]);
  workflow.nodes.forEach((node, i) => {
    const path = node.dir ? `${node.dir}/${nodeSubmitFile(node)}` : nodeSubmitFile(node);
    if (files.has(path)) throw invalid(`nodes[${i}].submitFile`, `"${path}" is already the file of another node`);
    files.set(path, nodeSubmitDescription(node, i, stamps));
  });
  return files;
}

function jobLine(node: WorkflowNode): string {
  return [`JOB ${node.name} ${nodeSubmitFile(node)}`, node.dir ? `DIR ${node.dir}` : '', node.noop ? 'NOOP' : '', node.done ? 'DONE' : '']
    .filter(Boolean)
    .join(' ');
}

function varsLine(node: WorkflowNode): string[] {
  const pairs = Object.entries(node.variables ?? {}).map(([name, value]) => `${name}=${quoteVariableValue(String(value))}`);
  return pairs.length === 0 ? [] : [`VARS ${node.name} ${pairs.join(' ')}`];
}

/** `PARENT p CHILD c1 c2` for each node with children, in node order. */
function dependencyLine(node: WorkflowNode, nodes: readonly WorkflowNode[]): string[] {
  const children = nodes.filter((other) => other.parents?.includes(node.name)).map((child) => child.name);
  return children.length === 0 ? [] : [`PARENT ${node.name} CHILD ${children.join(' ')}`];
}

function scriptLines(node: WorkflowNode): string[] {
  const lines: string[] = [];
  if (node.preScript !== undefined) lines.push(['SCRIPT PRE', node.name, node.preScript, ...scriptArgs(node.preScriptArgs)].join(' '));
  if (node.postScript !== undefined) lines.push(['SCRIPT POST', node.name, node.postScript, ...scriptArgs(node.postScriptArgs)].join(' '));
  return lines;
}

function retryLine(node: WorkflowNode): string[] {
  if (node.retry === undefined) return [];
  return [`RETRY ${node.name} ${node.retry}${node.retryUnlessExit === undefined ? '' : ` UNLESS-EXIT ${node.retryUnlessExit}`}`];
}

function abortLine(node: WorkflowNode): string[] {
  if (node.abortDagOn === undefined) return [];
  return [`ABORT-DAG-ON ${node.name} ${node.abortDagOn}${node.abortDagOnReturn === undefined ? '' : ` RETURN ${node.abortDagOnReturn}`}`];
}
