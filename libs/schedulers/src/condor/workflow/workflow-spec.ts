import { DomainError, invalid } from '../../../../domain/src/index.js';
import { parseCondorSpec, type CondorJobSpec } from '../condor-spec.js';
import type { DagNodeOptions, WorkflowNode } from '../dag/dagman-workflow.types.js';

/** A node's HTCondor job: the fields of a CONDOR job, without the scheduler (the workflow's). */
export type NodeJobSpec = Omit<CondorJobSpec, 'scheduler'>;

/**
 * One node as requested (Tethys' CondorWorkflowJobNode). Stored in
 * `workflow_nodes`: name and parents as columns, the rest as `spec`.
 */
export interface WorkflowNodeSpec extends DagNodeOptions {
  name: string;
  parents: string[];
  type?: WorkflowNode['type'];
  job: NodeJobSpec;
}

/** The workflow-level fields of a CONDORWORKFLOW job, kept in the job's `spec`. */
export interface WorkflowSpec {
  scheduler: string;
  /** `MAXJOBS category n` throttles. */
  maxJobs: Record<string, number>;
  /** DAGMan configuration settings, written as the DAG's `CONFIG` file; null for none. */
  config: Record<string, string | number | boolean> | null;
  /** Files of the job's workspace uploaded next to the DAG file (scripts, shared executables). */
  remoteInputFiles: string[];
}

export interface ParsedWorkflow {
  spec: WorkflowSpec;
  nodes: WorkflowNodeSpec[];
}

const WORKFLOW_FIELDS = new Set(['scheduler', 'maxJobs', 'config', 'remoteInputFiles', 'nodes']);
const JOB_FIELDS = new Set(['template', 'attributes', 'executable', 'arguments', 'remoteInputFiles', 'numJobs']);
const NODE_FIELDS = new Set([
  'name', 'type', 'parents', 'preScript', 'preScriptArgs', 'postScript', 'postScriptArgs', 'variables', 'priority', 'category',
  'retry', 'retryUnlessExit', 'preSkip', 'abortDagOn', 'abortDagOnReturn', 'dir', 'noop', 'done',
]);
const STRING_FIELDS = ['preScript', 'postScript', 'category', 'dir'] as const;
const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_.]{0,199}$/;
export const MAX_NODES = 10_000;

/**
 * Validates the create-request fields of a CONDORWORKFLOW job (shapes and
 * types; the graph and DAG syntax are checked by rendering it, see
 * workflow-layout). Every problem names its field, e.g. `nodes[2].retry`.
 */
export function parseWorkflowFields(fields: Record<string, unknown>): ParsedWorkflow {
  const unknown = Object.keys(fields).find((k) => !WORKFLOW_FIELDS.has(k));
  if (unknown !== undefined) throw invalid(unknown, `is not a field of CONDORWORKFLOW jobs (known: ${[...WORKFLOW_FIELDS].join(', ')})`);
  // the scheduler and input files follow the rules of CONDOR jobs
  const base = parseCondorSpec({ scheduler: fields.scheduler, remoteInputFiles: fields.remoteInputFiles });
  const spec: WorkflowSpec = {
    scheduler: base.scheduler,
    maxJobs: maxJobsOf(fields.maxJobs),
    config: configOf(fields.config),
    remoteInputFiles: base.remoteInputFiles,
  };
  return { spec, nodes: parseNodes(fields.nodes ?? [], spec.scheduler, 0) };
}

/** Nodes of a request (`offset`: how many nodes the workflow already has, for error field names). */
export function parseNodes(value: unknown, scheduler: string, offset: number): WorkflowNodeSpec[] {
  if (!Array.isArray(value) || value.length + offset > MAX_NODES) throw invalid('nodes', `must be a list of at most ${MAX_NODES} nodes in all`);
  return value.map((raw, i) => parseNode(raw, `nodes[${i}]`, scheduler));
}

function parseNode(raw: unknown, at: string, scheduler: string): WorkflowNodeSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(at, 'must be an object');
  const fields = raw as Record<string, unknown>;
  const jobFields: Record<string, unknown> = { scheduler };
  const node: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(fields)) {
    if (JOB_FIELDS.has(key)) jobFields[key] = v;
    else if (NODE_FIELDS.has(key)) node[key] = v;
    else throw invalid(`${at}.${key}`, `is not a field of a workflow node (known: ${[...NODE_FIELDS, ...JOB_FIELDS].join(', ')})`);
  }
  if (typeof node.name !== 'string') throw invalid(`${at}.name`, 'is required: a string unique in the workflow');
  const parents = node.parents ?? [];
  if (!Array.isArray(parents) || !parents.every((p) => typeof p === 'string')) throw invalid(`${at}.parents`, 'must be a list of node names');
  for (const key of STRING_FIELDS) {
    if (node[key] !== undefined && typeof node[key] !== 'string') throw invalid(`${at}.${key}`, 'must be a string');
  }
  for (const key of ['preScriptArgs', 'postScriptArgs']) {
    const args = node[key];
    if (args !== undefined && typeof args !== 'string' && !(Array.isArray(args) && args.every((a) => typeof a === 'string'))) {
      throw invalid(`${at}.${key}`, 'must be a string or a list of strings');
    }
  }
  if (node.variables !== undefined && (typeof node.variables !== 'object' || node.variables === null || Array.isArray(node.variables))) {
    throw invalid(`${at}.variables`, 'must be an object of names and values');
  }
  const { scheduler: _, ...job } = prefixed(at, () => parseCondorSpec(jobFields));
  return { ...(node as Omit<WorkflowNodeSpec, 'job'>), parents: [...new Set(parents as string[])], job };
}

function maxJobsOf(value: unknown): Record<string, number> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('maxJobs', 'must be an object of category → limit');
  return value as Record<string, number>;
}

function configOf(value: unknown): WorkflowSpec['config'] {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('config', 'must be an object of DAGMan settings, e.g. {"DAGMAN_MAX_JOBS_SUBMITTED": 10}');
  for (const [key, v] of Object.entries(value)) {
    if (!CONFIG_KEY.test(key)) throw invalid(`config.${key}`, 'is not a configuration setting name (letters, digits, "_" and ".")');
    if (!['string', 'number', 'boolean'].includes(typeof v) || /[\r\n\0]/.test(String(v)) || /\\\s*$/.test(String(v))) {
      throw invalid(`config.${key}`, 'must be a string, number or boolean on one line, not ending with a backslash');
    }
  }
  return value as WorkflowSpec['config'];
}

/** Runs a CONDOR field check, naming the node in the field of its error. */
export function prefixed<T>(at: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof DomainError && err.field) throw invalid(`${at}.${err.field}`, err.message.slice(err.field.length + 2));
    throw err;
  }
}
