import type { SubmitAttributes } from '../submit-description.js';

/** The node types of Tethys' CondorWorkflowNode; DAGMan runs JOB nodes here, the others are rejected. */
export type DagNodeType = 'JOB' | 'DATA' | 'SUBDAG' | 'SPLICE' | 'FINAL';

/**
 * A node's HTCondor job: a whole submit description (one `queue`
 * statement), or attributes written the way condorpy writes them.
 */
export type NodeSubmit = { description: string } | { attributes: SubmitAttributes; queue?: number };

/** A PRE or POST script's arguments: a list, or one string split on white space as DAGMan splits it. */
export type ScriptArgs = string | readonly string[];

export type VariableValue = string | number | boolean;

/** One node of a workflow (Tethys' CondorWorkflowJobNode). */
export interface WorkflowNode {
  /** Unique in the workflow; DAGMan node names are case-sensitive. */
  name: string;
  /** Default JOB, the only type supported. */
  type?: DagNodeType;
  submit: NodeSubmit;
  /**
   * The node's submit file, relative to its `dir` (or to the DAG file's
   * directory without one); default `<name>/<name>.job` (condorpy's layout).
   */
  submitFile?: string;
  /** Names of the nodes that must succeed first. */
  parents?: readonly string[];
  preScript?: string;
  preScriptArgs?: ScriptArgs;
  postScript?: string;
  postScriptArgs?: ScriptArgs;
  /** DAG `VARS`: macros the node's submit description reads as `$(name)`. */
  variables?: Readonly<Record<string, VariableValue>>;
  priority?: number;
  category?: string;
  retry?: number;
  /** `RETRY ... UNLESS-EXIT v`: no more retries once the node exits with this value. */
  retryUnlessExit?: number;
  /** `PRE_SKIP`: the PRE script exiting with this value skips the job and POST script, and the node succeeds. */
  preSkip?: number;
  /** `ABORT-DAG-ON`: the node exiting with this value stops the whole DAG. */
  abortDagOn?: number;
  /** `ABORT-DAG-ON ... RETURN r`: DAGMan's exit code when it aborts (default: the node's value). */
  abortDagOnReturn?: number;
  /** Directory the node's job is submitted from and its scripts run in (`JOB ... DIR d`). */
  dir?: string;
  /** Run the scripts but not the job. */
  noop?: boolean;
  /** Already done: neither job nor scripts run. */
  done?: boolean;
}

/** A DAGMan workflow (Tethys' CondorWorkflow). */
export interface Workflow {
  name: string;
  nodes: readonly WorkflowNode[];
  /** `MAXJOBS category n`: at most n nodes of the category with jobs in the queue. */
  maxJobs?: Readonly<Record<string, number>>;
  /** `CONFIG file`: a DAGMan configuration file, relative to the DAG file. */
  config?: string;
}

/** What a node carries besides its job and its place in the graph: scripts, variables, retries and the rest. */
export type DagNodeOptions = Pick<WorkflowNode,
  'preScript' | 'preScriptArgs' | 'postScript' | 'postScriptArgs' | 'variables' | 'priority' | 'category' | 'retry'
  | 'retryUnlessExit' | 'preSkip' | 'abortDagOn' | 'abortDagOnReturn' | 'dir' | 'noop' | 'done'>;
