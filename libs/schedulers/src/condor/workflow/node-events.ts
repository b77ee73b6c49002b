import type { JobEvent } from '../event-log.js';
import { applyEvents } from '../event-log-status.js';
import { clusterStatus, type ProcessState } from '../status-map.js';
import { nodeFromJob, nodeFromPost, type NodeState } from './node-state.js';

/** What the tracker needs to know of a node. */
export interface TrackedNode {
  name: string;
  hasPost: boolean;
  numJobs: number;
  state: NodeState;
}

const PRE_SKIP = 35;
const POST_SCRIPT = 16;
const SUBMIT = 0;

/**
 * Follows the nodes of one DAG through `<dag>.nodes.log`, where HTCondor
 * writes every node job's events and DAGMan its own (POST script results,
 * PRE_SKIP, the dummy submit/terminate of NOOP nodes). Submit events name
 * their node (`DAG Node:`); later events of the same job are matched by
 * cluster (NOOP and PRE_SKIP events all have cluster 0 and differ by
 * subproc). Process states are kept between reads, so a multi-process node
 * is only done when all its processes are.
 */
export class NodeEventTracker {
  private readonly nodes = new Map<string, TrackedNode>();
  private readonly owner = new Map<string, string>();
  private readonly procs = new Map<string, ProcessState[]>();

  constructor(nodes: readonly TrackedNode[]) {
    for (const node of nodes) {
      this.nodes.set(node.name, { ...node });
      if (node.state.clusterId) this.owner.set(String(node.state.clusterId), node.name);
    }
  }

  /** Applies events in log order; returns the new state of each node they changed. */
  apply(events: readonly JobEvent[]): Map<string, NodeState> {
    const changed = new Map<string, NodeState>();
    for (const event of events) {
      const name = event.dagNode ?? this.owner.get(jobKey(event));
      const node = name === undefined ? undefined : this.nodes.get(name);
      if (!node) continue;
      const next = this.next(node, event);
      if (!next) continue;
      node.state = next;
      changed.set(node.name, next);
    }
    return changed;
  }

  private next(node: TrackedNode, event: JobEvent): NodeState | undefined {
    const clusterId = event.cluster > 0 ? event.cluster : 0;
    if (event.eventNumber === PRE_SKIP) {
      return { status: 'COM', clusterId, exitCode: null, message: 'the PRE script returned the PRE_SKIP value: job and POST script skipped' };
    }
    if (event.eventNumber === POST_SCRIPT) {
      return nodeFromPost(node.state.clusterId ?? clusterId, event.returnValue, event.terminatedBySignal, node.state);
    }
    if (event.eventNumber === SUBMIT) {
      if (node.state.clusterId !== null && clusterId < node.state.clusterId) return undefined; // an older retry's
      this.owner.set(jobKey(event), node.name);
      this.procs.set(node.name, []);
    } else if (node.state.clusterId !== clusterId) {
      return undefined;
    }
    const procs = applyEvents(this.procs.get(node.name) ?? [], [event]);
    this.procs.set(node.name, procs);
    const status = clusterStatus(procs);
    if (!status) return undefined;
    const state = nodeFromJob({ clusterId, status, ...exitCode(procs) }, node.hasPost);
    // processes this tracker has not heard of (events read before a restart) may still run
    const unheard = procs.length < node.numJobs && (state.status === 'COM' || state.status === 'ERR');
    return unheard ? { ...state, status: 'RUN', message: null } : state;
  }
}

/** Cluster for real jobs; cluster 0 (DAGMan's own NOOP and PRE_SKIP ids) needs the whole id. */
function jobKey(event: JobEvent): string {
  return event.cluster > 0 ? String(event.cluster) : `0.${event.proc}.${event.subproc}`;
}

function exitCode(procs: readonly ProcessState[]): { exitCode?: number } {
  const codes = [...procs].sort((a, b) => a.procId - b.procId).map((p) => p.exitCode).filter((c) => c !== undefined);
  const code = codes.find((c) => c !== 0) ?? codes[0];
  return code === undefined ? {} : { exitCode: code };
}
