import type { BackendStatus } from '../../backend.js';
import { CondorOutputError } from '../queue-output.js';
import { clusterStatus, type ProcessState } from '../status-map.js';

/**
 * The node jobs of DAGs, from one batched `condor_q`/`condor_history
 * -json` query on `DAGManJobId` (every node job carries its DAGMan job's
 * cluster id and its node name), turned into one status per node.
 */

/** The attributes a node status query asks for. */
export const NODE_JOB_ATTRIBUTES = [
  'ClusterId', 'ProcId', 'JobStatus', 'ExitCode', 'ExitBySignal', 'ExitSignal', 'HoldReason', 'HoldReasonCode',
  'EnteredCurrentStatus', 'DAGNodeName', 'DAGManJobId',
] as const;

/** One process of a node job. */
export interface NodeJobRow extends ProcessState {
  dagNodeName: string;
  dagManJobId: number;
  enteredCurrentStatus?: number;
}

/** The argument vector of one query for the node jobs of many DAGs; pass it to `commandLine` to quote it. */
export function nodeJobsQuery(tool: 'condor_q' | 'condor_history', dagmanClusterIds: readonly number[]): string[] {
  if (dagmanClusterIds.length === 0) throw new Error('a node query needs at least one DAGMan job');
  for (const id of dagmanClusterIds) if (!Number.isSafeInteger(id) || id < 1) throw new Error(`not an HTCondor cluster id: ${id}`);
  const constraint = dagmanClusterIds.map((id) => `DAGManJobId == ${id}`).join(' || ');
  return [tool, '-json', '-attributes', NODE_JOB_ATTRIBUTES.join(','), '-constraint', constraint];
}

/**
 * Parses `-json` output into node job rows. Ads without `DAGNodeName` (a
 * DAGMan job itself, when the query caught it) are left out; HTCondor
 * prints nothing at all when no job matches.
 */
export function parseNodeJobs(stdout: string): NodeJobRow[] {
  if (stdout.trim() === '') return [];
  let ads: unknown;
  try {
    ads = JSON.parse(stdout);
  } catch (err) {
    throw new CondorOutputError(`unreadable JSON from HTCondor (${(err as Error).message})`);
  }
  if (!Array.isArray(ads)) throw new CondorOutputError('expected a JSON array of job ads');
  return ads.flatMap((ad: unknown) => {
    const f = (typeof ad === 'object' && ad !== null ? ad : {}) as Record<string, unknown>;
    if (typeof f.DAGNodeName !== 'string') return [];
    if (!isInt(f.ClusterId) || !isInt(f.ProcId) || !isInt(f.JobStatus) || !isInt(f.DAGManJobId)) {
      throw new CondorOutputError(`a node job ad without ClusterId, ProcId, JobStatus or DAGManJobId: ${JSON.stringify(ad)}`);
    }
    const row: NodeJobRow = { clusterId: f.ClusterId, procId: f.ProcId, jobStatus: f.JobStatus, dagNodeName: f.DAGNodeName, dagManJobId: f.DAGManJobId };
    if (isInt(f.ExitCode)) row.exitCode = f.ExitCode;
    if (typeof f.ExitBySignal === 'boolean') row.exitBySignal = f.ExitBySignal;
    if (isInt(f.ExitSignal)) row.exitSignal = f.ExitSignal;
    if (typeof f.HoldReason === 'string') row.holdReason = f.HoldReason;
    if (isInt(f.HoldReasonCode)) row.holdReasonCode = f.HoldReasonCode;
    if (isInt(f.EnteredCurrentStatus)) row.enteredCurrentStatus = f.EnteredCurrentStatus;
    return [row];
  });
}

/** The job side of one DAG node. */
export interface NodeStatus {
  node: string;
  dagManJobId: number;
  /** The node's latest job: a retry, or a rescue run, submits a new cluster. */
  clusterId: number;
  /** How many clusters the node has had (1 + retries, over all given runs). */
  attempts: number;
  status: BackendStatus;
  /** Exit code of the latest job when it has one; with several processes, the first non-zero one. */
  exitCode?: number;
}

/**
 * One status per node name: its latest cluster (the highest ClusterId, so
 * the rows of a rescue run supersede those of the run before) mapped with
 * the single-job rules (status-map). Pass condor_q rows before
 * condor_history rows: for the same process, the last row wins. Whether a
 * failed job failed its node is the POST script's call, which only
 * DAGMan's files show (see parseDagmanOut).
 */
export function nodeStatuses(rows: readonly NodeJobRow[]): Map<string, NodeStatus> {
  const clusters = new Map<string, Map<number, NodeJobRow[]>>();
  for (const row of rows) {
    const byCluster = clusters.get(row.dagNodeName) ?? new Map<number, NodeJobRow[]>();
    byCluster.set(row.clusterId, [...(byCluster.get(row.clusterId) ?? []), row]);
    clusters.set(row.dagNodeName, byCluster);
  }
  const statuses = new Map<string, NodeStatus>();
  for (const [node, byCluster] of clusters) {
    const clusterId = Math.max(...byCluster.keys());
    const procs = byCluster.get(clusterId)!;
    const status = clusterStatus(procs)!;
    const latest = new Map(procs.map((p) => [p.procId, p]));
    const exitCodes = [...latest.values()].sort((a, b) => a.procId - b.procId).map((p) => p.exitCode).filter((c) => c !== undefined);
    const exitCode = exitCodes.find((c) => c !== 0) ?? exitCodes[0];
    statuses.set(node, { node, dagManJobId: procs[procs.length - 1].dagManJobId, clusterId, attempts: byCluster.size, status, ...(exitCode === undefined ? {} : { exitCode }) });
  }
  return statuses;
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
