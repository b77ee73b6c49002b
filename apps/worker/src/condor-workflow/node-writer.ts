import { DataSource } from 'typeorm';
import { displayStatus } from '../../../../libs/domain/src/index.js';
import { JobEntity, JobEventsRepository, WorkflowNodesRepository, type NodeRuntime } from '../../../../libs/persistence/src/index.js';
import { mergeNodeState, type NodeState } from '../../../../libs/schedulers/src/index.js';
import { TRACKED_STATUSES } from '../condor/status-poller.js';

const NAMED_IN_EVENT = 10;

/**
 * Writes node states of one workflow. Writers of the same workflow (poll,
 * log watcher, actions) take the node rows' locks in turn, and each write
 * applies only while the job is on the attempt it was read with and still
 * tracked, so a late report never touches a finished or resubmitted
 * workflow. Changes are announced as one `updated` job event (SSE).
 */
export class NodeWriter {
  constructor(
    private readonly ds: DataSource,
    private readonly nodes: WorkflowNodesRepository,
    private readonly events: JobEventsRepository,
  ) {}

  /**
   * Live reports are merged with what is stored (older clusters and
   * backward steps are dropped); `final` states (the DAG ended or was
   * removed) replace it. Returns how many nodes changed.
   */
  async write(job: JobEntity, updates: ReadonlyMap<string, NodeState>, final = false): Promise<number> {
    if (updates.size === 0) return 0;
    return this.ds.transaction(async (m) => {
      const [current] = await m.query(`SELECT attempt, status FROM jobs WHERE id = $1 AND deleted_at IS NULL FOR SHARE`, [job.id]);
      if (!current || current.attempt !== job.attempt || !(TRACKED_STATUSES as readonly string[]).includes(current.status)) return 0;
      const stored = await this.nodes.lockRuntime(m, job.id);
      const changed = new Map<string, NodeRuntime>();
      for (const [name, update] of updates) {
        const now = stored.get(name);
        const next = now && (final ? (same(now, update) ? null : update) : mergeNodeState(now, update));
        if (next) changed.set(name, next);
      }
      if (changed.size === 0) return 0;
      await this.nodes.writeRuntime(m, job.id, changed);
      await this.events.append(m, job, { type: 'updated', from: current.status, to: current.status, status: null, message: describe(changed) });
      return changed.size;
    });
  }
}

function same(a: NodeRuntime, b: NodeRuntime): boolean {
  return a.status === b.status && a.clusterId === b.clusterId && a.exitCode === b.exitCode && a.message === b.message;
}

/** e.g. `nodes: A Complete (exit 0), B Running`. */
function describe(changed: ReadonlyMap<string, NodeRuntime>): string {
  const parts = [...changed].map(([name, s]) => `${name} ${displayStatus({ code: s.status })}${s.exitCode === null ? '' : ` (exit ${s.exitCode})`}`);
  const shown = parts.length > NAMED_IN_EVENT ? [...parts.slice(0, NAMED_IN_EVENT), `and ${parts.length - NAMED_IN_EVENT} more`] : parts;
  return `nodes: ${shown.join(', ')}`;
}
