import { eachLimited } from '../../../../libs/batching/src/index.js';
import { QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import { JOB_SELECT, JobEntity, toJobEntity } from '../../../../libs/persistence/src/index.js';
import { condorRuntime } from '../../../../libs/schedulers/src/index.js';
import { backendJob, type CondorServices } from './condor-services.js';
import { SchedulerPoller, WRITE_CONCURRENCY } from './scheduler-poller.js';

/** Statuses the scheduler may still change (OTH: a custom status the app set, which the job leaves when its scheduler reports). */
export const TRACKED_STATUSES = ['SUB', 'RUN', 'VAR', 'PAS', 'OTH'] as const;

/**
 * The batched status poll of one scheduler (a singleton repeatable queue
 * entry per scheduler): one condor_q and one condor_history for all of its
 * active CONDOR jobs, and guarded writes of what changed. The safety net
 * under the event-log push.
 */
export class CondorStatusPoller extends SchedulerPoller {
  constructor(private readonly condor: CondorServices) {
    super();
  }

  protected async pollOnce(schedulerId: string): Promise<void> {
    const scheduler = await this.condor.schedulers.findById(schedulerId);
    if (!scheduler) {
      await this.condor.worker.queues.unschedulePoll(QUEUE_BY_JOB_TYPE.CONDOR, schedulerId);
      await this.condor.runners.forget(schedulerId);
      this.logger.log(`scheduler ${schedulerId} was removed: its poll is unscheduled`);
      return;
    }
    // read before asking the scheduler, so a change made meanwhile (a pause) fails the guarded write instead of being undone
    const rows = await this.condor.ds.query(
      `${JOB_SELECT} WHERE j.job_type = 'CONDOR' AND j.scheduler_id = $1 AND j.deleted_at IS NULL AND j.status = ANY($2)`,
      [schedulerId, TRACKED_STATUSES],
    );
    const jobs = (rows as Record<string, unknown>[]).map(toJobEntity).filter((j) => condorRuntime(j.runtime));
    const previousMisses = this.misses.get(schedulerId) ?? new Map<string, number>();
    const misses = new Map<string, number>();
    this.misses.set(schedulerId, misses);
    if (jobs.length === 0) return;
    const statuses = await this.condor.backend.statusOfMany(scheduler, jobs.map((j) => backendJob(j)));
    await eachLimited(jobs, WRITE_CONCURRENCY, async (job) => {
      const status = statuses.get(job.id);
      if (status) await this.condor.reporter.report(job, status, 'condor_q/condor_history');
      else await this.missing(job, (previousMisses.get(job.id) ?? 0) + 1, misses);
    });
  }

  /** A cluster in neither the queue nor the history (Tethys: "Submission_err"). */
  private async missing(job: JobEntity, count: number, misses: Map<string, number>): Promise<void> {
    if (!this.gone(job.id, count, misses)) return;
    const cluster = condorRuntime(job.runtime)!.clusterId;
    await this.condor.reporter.report(job, { code: 'ERR', message: `cluster ${cluster} is neither in condor_q nor in condor_history` }, 'condor_q/condor_history');
  }
}
