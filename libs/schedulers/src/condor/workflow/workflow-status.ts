import type { BackendStatus } from '../../backend.js';
import { execChecked, type CommandRunner } from '../../runner/command-runner.js';
import { commandLine } from '../../ssh/shell-quote.js';
import { NODE_JOB_ATTRIBUTES, nodeStatuses, parseNodeJobs, type NodeStatus } from '../dag/dagman-node-status.js';
import { parseJobAds, QUEUE_ATTRIBUTES } from '../queue-output.js';
import { JobStatus, processStatus, type ProcessState } from '../status-map.js';

/** DAGs per query: each adds about 50 characters to the constraint, well under the command-line limit. */
const CHUNK = 1000;
const ATTRIBUTES = [...new Set([...QUEUE_ATTRIBUTES, ...NODE_JOB_ATTRIBUTES])].join(',');

/** What the schedd says of one DAG: its DAGMan job and the latest job of each node. */
export interface DagObservation {
  /** Absent when the schedd knows no DAGMan job with that cluster. */
  dagman?: ProcessState;
  nodes: Map<string, NodeStatus>;
}

/**
 * The DAGMan jobs of many workflows and all their node jobs in one
 * condor_q and one condor_history, whatever the number of workflows
 * (`ClusterId == d || DAGManJobId == d` for each DAGMan cluster d):
 * never a query per workflow or per node.
 */
export async function observeDags(runner: CommandRunner, dagmanClusters: readonly number[]): Promise<Map<number, DagObservation>> {
  const out = new Map<number, DagObservation>(dagmanClusters.map((id) => [id, { nodes: new Map() }]));
  for (let i = 0; i < dagmanClusters.length; i += CHUNK) {
    const chunk = dagmanClusters.slice(i, i + CHUNK);
    // queue first: for a job in both, the history row is the later word
    const outputs = [];
    for (const tool of ['condor_q', 'condor_history'] as const) outputs.push((await execChecked(runner, commandLine(dagQuery(tool, chunk)))).stdout);
    const rows = outputs.flatMap(parseJobAds);
    const nodeRows = outputs.flatMap(parseNodeJobs);
    for (const id of chunk) {
      const observation = out.get(id)!;
      observation.dagman = rows.filter((r) => r.clusterId === id).at(-1);
      observation.nodes = nodeStatuses(nodeRows.filter((r) => r.dagManJobId === id));
    }
  }
  return out;
}

export function dagQuery(tool: 'condor_q' | 'condor_history', dagmanClusters: readonly number[]): string[] {
  for (const id of dagmanClusters) if (!Number.isSafeInteger(id) || id < 1) throw new Error(`not an HTCondor cluster id: ${id}`);
  const constraint = dagmanClusters.map((id) => `ClusterId == ${id} || DAGManJobId == ${id}`).join(' || ');
  return [tool, '-json', '-attributes', ATTRIBUTES, '-constraint', constraint];
}

/**
 * The workflow's status while its DAGMan job is in the queue (Tethys'
 * mapping: DAG idle → Submitted, running → Various; a hold by the user,
 * as the pause action does, → Paused, any other hold → Error), or 'ended'
 * once it completed or was removed: then only DAGMan's own files tell how
 * (see dagOutcome). Unlike Tethys, a running DAG is never Various-Complete:
 * here that status starts results processing, which must wait for DAGMan
 * to finish.
 */
export function dagmanStatus(dagman: ProcessState): BackendStatus | 'ended' {
  switch (dagman.jobStatus) {
    case JobStatus.Completed:
    case JobStatus.Removed:
      return 'ended';
    case JobStatus.Running:
    case JobStatus.TransferringOutput:
      return { code: 'VAR' };
    case JobStatus.Held:
    case JobStatus.Suspended: {
      const status = processStatus(dagman);
      return { code: status.code, message: status.code === 'PAS' ? 'DAGMan held by the user; node jobs already queued go on' : `DAGMan ${status.message}` };
    }
    default:
      return { code: 'SUB' };
  }
}
