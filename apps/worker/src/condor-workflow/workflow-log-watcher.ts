import path from 'node:path';
import { In, IsNull } from 'typeorm';
import { JobEntity } from '../../../../libs/persistence/src/index.js';
import {
  applyEvents, NodeEventTracker, nodeStateOf, parseEventLog, readIncrements, workflowRuntime, type EventLogOffsets, type ProcessState,
} from '../../../../libs/schedulers/src/index.js';
import { TRACKED_STATUSES } from '../condor/status-poller.js';
import { SchedulerLogWatcher, type WatchedScheduler } from '../runtime/scheduler-log-watcher.js';
import type { WorkflowServices } from './workflow-services.js';
import type { DagReport, WorkflowTracker } from './workflow-tracker.js';

/** Advisory lock key: one replica reads the DAG event logs; "CDAG". */
const LEADER_KEY = 0x43444147;

interface WatchedDag {
  jobId: string;
  attempt: number;
  clusterId: number;
  paths: { dagman: string; nodes: string };
  offsets: EventLogOffsets;
  /** The DAGMan job's process state from its event log. */
  dagman: ProcessState[];
  /** Built from the node rows when the nodes log first grows. */
  nodes: NodeEventTracker | null;
  fresh: boolean;
}

interface WatchedDags extends WatchedScheduler {
  dags: Map<string, WatchedDag>;
}

/**
 * The push path of workflow tracking: every interval, for each scheduler,
 * one command reads what was appended to the two event logs of every
 * active DAG (`<dag>.dagman.log`, the DAGMan job's own; `<dag>.nodes.log`,
 * its node jobs' and DAGMan's script events), so node and workflow status
 * changes land within about a second without querying the schedd.
 * Offsets and the DAGMan job's state are stored in the job's runtime, so
 * a restart resumes where the last write left off.
 */
export class WorkflowLogWatcher extends SchedulerLogWatcher<WatchedDags> {
  constructor(
    private readonly wf: WorkflowServices,
    private readonly tracker: WorkflowTracker,
    intervalMs: number,
  ) {
    super(wf.ds, LEADER_KEY, intervalMs, 'DAG event log');
  }

  /** Brings the watched DAGs in line with the database: submitted, active workflows by scheduler. */
  protected async refresh(): Promise<void> {
    const jobs = await this.wf.ds.getRepository(JobEntity).find({
      select: { id: true, schedulerId: true, attempt: true, runtime: true },
      where: { jobType: 'CONDORWORKFLOW', deletedAt: IsNull(), status: In([...TRACKED_STATUSES]) },
    });
    const schedulers = new Map((await this.wf.schedulers.list('condor')).map((s) => [s.id, s]));
    const seen = new Set<string>();
    for (const job of jobs) {
      const runtime = workflowRuntime(job.runtime);
      const scheduler = job.schedulerId ? schedulers.get(job.schedulerId) : undefined;
      if (!runtime || !scheduler) continue;
      const w = this.entry(scheduler, () => ({ scheduler, dags: new Map(), since: null, reading: null, lastError: null }));
      seen.add(job.id);
      const known = w.dags.get(job.id);
      const stored = runtime.eventLogOffsets;
      if (known && known.attempt === job.attempt && known.offsets.dagman >= stored.dagman && known.offsets.nodes >= stored.nodes) continue;
      const at = (suffix: string) => path.posix.join(runtime.remoteDir, `${runtime.dagFile}.${suffix}`);
      w.dags.set(job.id, {
        jobId: job.id, attempt: job.attempt, clusterId: runtime.clusterId, paths: { dagman: at('dagman.log'), nodes: at('nodes.log') },
        offsets: { ...stored }, dagman: runtime.dagman, nodes: null, fresh: true,
      });
    }
    for (const [id, w] of this.watched) {
      for (const jobId of w.dags.keys()) if (!seen.has(jobId)) w.dags.delete(jobId);
      if (w.dags.size === 0 && !w.reading) this.watched.delete(id);
    }
  }

  /** One command for both logs of every DAG of a scheduler; what changed is applied per DAG. */
  protected async read(w: WatchedDags): Promise<void> {
    const dags = [...w.dags.values()];
    if (dags.length === 0) return;
    const files = dags.flatMap((d) => [
      { path: d.paths.dagman, offset: d.offsets.dagman, always: d.fresh },
      { path: d.paths.nodes, offset: d.offsets.nodes, always: d.fresh },
    ]);
    const read = await readIncrements(this.wf.runnerOf(w.scheduler), files, w.since);
    w.since = read.now;
    const deferred = new Set(read.deferred);
    for (const d of dags) d.fresh = deferred.has(d.paths.dagman) || deferred.has(d.paths.nodes);
    const grown = dags.filter((d) => read.data.has(d.paths.dagman) || read.data.has(d.paths.nodes));
    const jobs = grown.length ? await this.wf.ds.getRepository(JobEntity).findBy({ id: In(grown.map((d) => d.jobId)) }) : [];
    for (const job of jobs) {
      const dag = w.dags.get(job.id);
      if (dag && job.attempt === dag.attempt) await this.applyGrowth(job, dag, read.data.get(dag.paths.dagman), read.data.get(dag.paths.nodes));
    }
  }

  private async applyGrowth(job: JobEntity, dag: WatchedDag, dagmanData?: Buffer, nodesData?: Buffer): Promise<void> {
    const report: { dagman?: ProcessState; nodes: DagReport['nodes'] } = { nodes: new Map() };
    if (nodesData) {
      const parsed = parseEventLog(nodesData, dag.offsets.nodes);
      dag.nodes ??= new NodeEventTracker((await this.wf.nodes.list(job.id)).map((r) => ({
        name: r.name, hasPost: r.spec.postScript !== undefined, numJobs: Number((r.spec.job as { numJobs?: number })?.numJobs ?? 1), state: nodeStateOf(r),
      })));
      report.nodes = dag.nodes.apply(parsed.events);
      dag.offsets.nodes = parsed.offset;
    }
    if (dagmanData) {
      const parsed = parseEventLog(dagmanData, dag.offsets.dagman);
      const own = parsed.events.filter((e) => e.cluster === dag.clusterId);
      if (own.length) {
        dag.dagman = applyEvents(dag.dagman, own);
        report.dagman = dag.dagman[0];
      }
      dag.offsets.dagman = parsed.offset;
    }
    await this.tracker.apply(job, report, 'DAG event logs', { eventLogOffsets: { ...dag.offsets }, dagman: dag.dagman });
  }
}
