import { In, IsNull } from 'typeorm';
import { eachLimited } from '../../../../libs/batching/src/index.js';
import { QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import { JobEntity } from '../../../../libs/persistence/src/index.js';
import { nodeFromJob, observeDags, workflowRuntime, type NodeState } from '../../../../libs/schedulers/src/index.js';
import { SchedulerPoller, WRITE_CONCURRENCY } from '../condor/scheduler-poller.js';
import { TRACKED_STATUSES } from '../condor/status-poller.js';
import type { WorkflowServices } from './workflow-services.js';
import type { WorkflowTracker } from './workflow-tracker.js';


/**
 * The batched status poll of one scheduler's workflows (a singleton
 * repeatable queue entry per scheduler): one condor_q and one
 * condor_history for the DAGMan jobs and node jobs of all its active
 * workflows. The safety net under the event-log push.
 */
export class WorkflowPoller extends SchedulerPoller {
  constructor(
    private readonly wf: WorkflowServices,
    private readonly tracker: WorkflowTracker,
  ) {
    super();
  }

  /** One look at the given workflows of a scheduler (also the refresh action's, for one). */
  async observe(schedulerId: string, jobs: readonly JobEntity[], missed: Map<string, number> = new Map()): Promise<Map<string, number>> {
    const scheduler = await this.wf.schedulers.findById(schedulerId);
    const tracked = jobs.flatMap((job) => {
      const runtime = workflowRuntime(job.runtime);
      return runtime ? [{ job, cluster: runtime.clusterId }] : [];
    });
    const misses = new Map<string, number>();
    if (!scheduler || tracked.length === 0) return misses;
    const seen = await observeDags(this.wf.runnerOf(scheduler), tracked.map((t) => t.cluster));
    const withPost = await this.wf.nodes.withPostScript(tracked.map((t) => t.job.id));
    await eachLimited(tracked, WRITE_CONCURRENCY, async ({ job, cluster }) => {
      const { dagman, nodes } = seen.get(cluster)!;
      const states = new Map<string, NodeState>([...nodes].map(([name, n]) => [name, nodeFromJob(n, withPost.has(`${job.id}/${name}`))]));
      if (dagman) await this.tracker.apply(job, { dagman, nodes: states }, 'condor_q/condor_history');
      else await this.missing(job, cluster, (missed.get(job.id) ?? 0) + 1, misses);
    });
    return misses;
  }

  protected async pollOnce(schedulerId: string): Promise<void> {
    if (!(await this.wf.schedulers.findById(schedulerId))) {
      await this.wf.worker.queues.unschedulePoll(QUEUE_BY_JOB_TYPE.CONDORWORKFLOW, schedulerId);
      await this.wf.runners.forget(schedulerId);
      this.logger.log(`scheduler ${schedulerId} was removed: its workflow poll is unscheduled`);
      return;
    }
    // read before asking the scheduler, so a change made meanwhile (a pause) fails the guarded write instead of being undone
    const jobs = await this.wf.ds.getRepository(JobEntity).find({
      where: { jobType: 'CONDORWORKFLOW', schedulerId, deletedAt: IsNull(), status: In([...TRACKED_STATUSES]) },
    });
    this.misses.set(schedulerId, await this.observe(schedulerId, jobs, this.misses.get(schedulerId)));
  }

  /** A DAGMan job in neither the queue nor the history (Tethys: "Submission_err"). */
  private async missing(job: JobEntity, cluster: number, count: number, misses: Map<string, number>): Promise<void> {
    if (!this.gone(job.id, count, misses)) return;
    await this.wf.reporter.report(job, { code: 'ERR', message: `DAGMan job ${cluster} is neither in condor_q nor in condor_history` }, 'condor_q/condor_history');
  }
}
