import type { StatusCode } from '../../../../domain/src/index.js';
import type { BackendStatus } from '../../backend.js';

/**
 * What the service shows of one DAG node: a job status code (Pending until
 * DAGMan submits its job), its latest cluster, and the node's return
 * value as DAGMan sees it (the job's exit code, or the POST script's when
 * the node has one).
 */
export interface NodeState {
  status: StatusCode;
  clusterId: number | null;
  exitCode: number | null;
  message: string | null;
}

/** The latest job of a node as condor_q/condor_history or the nodes log show it. */
export interface NodeJob {
  clusterId: number;
  status: BackendStatus;
  exitCode?: number;
}

export const PENDING_NODE: NodeState = { status: 'PEN', clusterId: null, exitCode: null, message: null };

/**
 * A node's state from its latest job. A job that ended decides the node
 * unless the node has a POST script: then the node runs on until the
 * script's result (nodes log) or the DAG's end (dagman.out) is known.
 */
export function nodeFromJob(job: NodeJob, hasPost: boolean): NodeState {
  const exitCode = job.exitCode ?? null;
  const base = { clusterId: job.clusterId, exitCode, message: job.status.message ?? null };
  switch (job.status.code) {
    case 'COM':
    case 'VCP': {
      const ok = job.status.code === 'COM' && (exitCode ?? 0) === 0 && !job.status.message;
      if (hasPost) {
        return { ...base, status: 'RUN', message: `${ok ? 'job done' : `job ${job.status.message ?? 'failed'}`}; the POST script decides` };
      }
      return ok ? { ...base, status: 'COM' } : { ...base, status: 'ERR', message: job.status.message ?? 'failed' };
    }
    case 'VAR':
      return { ...base, status: 'RUN' };
    default:
      return { ...base, status: job.status.code };
  }
}

/** A node decided by its POST script (nodes log event 016): its return value is the node's. */
export function nodeFromPost(clusterId: number | null, returnValue: number | undefined, signal: number | undefined, job: NodeState): NodeState {
  const jobPart = job.exitCode === null ? '' : ` (job exit code ${job.exitCode})`;
  if (signal !== undefined) return { status: 'ERR', clusterId, exitCode: null, message: `POST script ended by signal ${signal}${jobPart}` };
  const ok = returnValue === 0;
  return { status: ok ? 'COM' : 'ERR', clusterId, exitCode: returnValue ?? null, message: `POST script ${ok ? 'succeeded' : `exited with ${returnValue}`}${jobPart}` };
}

/**
 * How far a node is along one cluster: reports about the same cluster
 * never move it back (the poll cannot see a POST script's result that the
 * nodes log already gave). A hold is not final: a release resumes.
 */
function rank(s: NodeState): number {
  if (s.status === 'PEN') return 0;
  if (s.status === 'SUB') return 1;
  if (s.status === 'COM' || s.status === 'ABT' || (s.status === 'ERR' && s.exitCode !== null)) return 3;
  return 2;
}

/** The state to store after a live report, or null when the report is older or changes nothing. */
export function mergeNodeState(current: NodeState, update: NodeState): NodeState | null {
  if (current.clusterId !== null && update.clusterId !== null && update.clusterId < current.clusterId) return null;
  if (update.clusterId === current.clusterId && rank(update) < rank(current)) return null;
  const same = (Object.keys(update) as (keyof NodeState)[]).every((k) => update[k] === current[k]);
  return same ? null : update;
}
