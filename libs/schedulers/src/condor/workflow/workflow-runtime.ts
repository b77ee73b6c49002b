import type { ProcessState } from '../status-map.js';

/** Bytes of the DAG's event logs already applied by the push path. */
export interface EventLogOffsets {
  dagman: number;
  nodes: number;
}

/**
 * What a CONDORWORKFLOW job records in its `runtime` once its DAG is
 * submitted. Paths are relative to the scheduler's base directory.
 */
export interface WorkflowRuntime {
  /** The `+JobsApiToken` stamped on this attempt's DAGMan job. */
  token: string;
  /** The workflow's directory; a rerun from a rescue DAG keeps the directory of the run it continues. */
  remoteDir: string;
  dagFile: string;
  /** The DAGMan job's cluster. */
  clusterId: number;
  /** Whether this attempt continues an earlier run from its rescue DAG. */
  rescue: boolean;
  eventLogOffsets: EventLogOffsets;
  /** The DAGMan job's state as its event log last showed it. */
  dagman: ProcessState[];
  /** Logs are read from the scheduler until outputs are synced into the job's directory. */
  logsOnScheduler: boolean;
  /** The DAG was found on the scheduler after a crash mid-submit, instead of submitted again. */
  adopted: boolean;
}

/**
 * Recorded before anything reaches the scheduler, so that a retried
 * submission makes the same choices and can find what an interrupted one
 * submitted.
 */
export interface WorkflowSubmitting {
  attempt: number;
  token: string;
  remoteDir: string;
  /** Continue the run in `remoteDir` from its rescue DAG instead of writing a new workflow directory. */
  rescue: boolean;
  /** Where the event logs end before this run (a rerun appends to them). */
  eventLogOffsets: EventLogOffsets;
  /** An earlier delivery may have submitted with this token: look it up first. */
  retry: boolean;
}

/** The submitted state in a job's runtime, if it has one. */
export function workflowRuntime(runtime: Record<string, unknown>): WorkflowRuntime | null {
  const r = runtime as Partial<WorkflowRuntime>;
  return typeof r.clusterId === 'number' && typeof r.token === 'string' && typeof r.dagFile === 'string' ? (r as WorkflowRuntime) : null;
}

export function workflowSubmitting(runtime: Record<string, unknown>): WorkflowSubmitting | null {
  const s = runtime.submitting as WorkflowSubmitting | null | undefined;
  return s && typeof s.token === 'string' && typeof s.attempt === 'number' && typeof s.remoteDir === 'string' ? s : null;
}

/** The stamp of node jobs: their own token, so looking up the DAGMan job by its token never finds a node job. */
export const nodeToken = (token: string) => `${token}.node`;
