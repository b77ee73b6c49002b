import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isFinished } from '../../../../libs/domain/src/index.js';
import { JobEntity, JobsRepository, JobWriter, storedStatus } from '../../../../libs/persistence/src/index.js';
import { parseDaskJobKey, type DaskReport, type DaskTaskEnd } from '../../../../libs/schedulers/src/index.js';
import type { StatusReporter } from '../runtime/status-reporter.js';
import type { DaskCluster } from './dask-cluster.js';
import { writeTraceback } from './dask-job-files.js';
import { messageWithDetails } from './dask-messages.js';
import { daskRuntime } from './dask-runtime.js';

/** Names the reporter in job events. */
const SOURCE = 'Dask';
/** How long an end that arrived before its execute committed is kept (the poll covers anything later). */
const EARLY_TTL_MS = 10 * 60_000;

type Outcome = 'applied' | 'ignored' | 'early';

/**
 * Turns what Dask says (ends pushed by the bridge, the batched poll, a
 * refresh) into guarded status writes, only ever for the attempt a task key
 * belongs to. Logs and traceback are written before an Error, so whoever
 * sees the Error finds them.
 */
export class DaskTracker {
  private readonly logger = new Logger('DaskTracker');
  private readonly jobs: JobsRepository;
  private readonly writer: JobWriter;
  private readonly early = new Map<string, { jobId: string; report: DaskReport; at: number }>();

  constructor(
    private readonly cluster: DaskCluster,
    private readonly reporter: StatusReporter,
    private readonly ds: DataSource,
  ) {
    this.jobs = new JobsRepository(ds);
    this.writer = new JobWriter(ds);
  }

  /** A pushed end: applied at once, or kept until the execute that submitted the task has recorded its key. */
  async onEnded(end: DaskTaskEnd): Promise<void> {
    if ((await this.apply(end.jobId, end.key, end.report)) !== 'early') return;
    this.early.set(end.key, { jobId: end.jobId, report: end.report, at: Date.now() });
    // The execute may have recorded the key while this was deciding: look once more.
    if ((await this.apply(end.jobId, end.key, end.report)) !== 'early') this.early.delete(end.key);
  }

  /** Called once an execute or resubmit has recorded `key`: an end that came first is applied now. */
  async recorded(key: string): Promise<void> {
    for (const [k, e] of this.early) if (Date.now() - e.at > EARLY_TTL_MS) this.early.delete(k);
    const early = this.early.get(key);
    if (!early) return;
    this.early.delete(key);
    await this.apply(early.jobId, key, early.report);
  }

  /** The safety net: one state query for the tasks of every unfinished job of one scheduler. */
  async poll(schedulerId: string): Promise<void> {
    const scheduler = await this.cluster.scheduler(schedulerId);
    if (!scheduler) return;
    const rows: { id: string; status: string; message: string | null; key: string; reruns: number | null }[] =
      await this.ds.query(
        `SELECT id, status, status_message AS message, runtime->>'daskKey' AS key, (runtime->>'reruns')::int AS reruns
         FROM jobs WHERE job_type = 'DASK' AND scheduler_id = $1 AND deleted_at IS NULL
           AND status IN ('SUB', 'RUN', 'VAR', 'PAS', 'OTH') AND runtime ? 'daskKey'`,
        [schedulerId],
      );
    if (rows.length === 0) return;
    const reports = await this.cluster.backend.states(scheduler, rows.map((r) => r.key));
    for (const row of rows) {
      const report = reports.get(row.key);
      if (!report || unchanged(report, row)) continue; // most polls change nothing: skip the writes
      await this.apply(String(row.id), row.key, report);
    }
  }

  /** Applies one report about task `key` of job `jobId`. */
  async apply(jobId: string, key: string, report: DaskReport): Promise<Outcome> {
    const job = await this.jobs.findById(jobId);
    if (!job) return 'ignored';
    const runtime = daskRuntime(job);
    if (runtime.daskKey !== key) {
      const attempt = parseDaskJobKey(this.cluster.backend.namespace, key)?.attempt ?? 0;
      return attempt > job.attempt ? 'early' : 'ignored';
    }
    if (isFinished(storedStatus(job))) return 'ignored';
    if (runtime.cancelRequested === key) return this.applyWhileStopping(job, report);
    if (report.code === 'ERR') return this.applyFailure(job, key, report);
    const reruns = report.reruns && report.reruns > (runtime.reruns ?? 0) ? { reruns: report.reruns } : undefined;
    if (await this.reporter.report(job, report, SOURCE, reruns)) return 'applied';
    // Same status, something new to say: no worker can run it, or it runs elsewhere after a worker died.
    if (report.message && report.message !== job.statusMessage) {
      await this.writer.patch(job.id, { statusMessage: report.message }, job.attempt);
    }
    return 'ignored';
  }

  /**
   * A stop is cancelling this task and records Aborted itself. Only a task
   * found gone means something here: the stop may have died after cancelling.
   */
  private async applyWhileStopping(job: JobEntity, report: DaskReport): Promise<Outcome> {
    if (!report.lost) return 'ignored';
    return (await this.reporter.report(job, { code: 'ABT', message: 'stopped' }, SOURCE)) ? 'applied' : 'ignored';
  }

  private async applyFailure(job: JobEntity, key: string, report: DaskReport): Promise<Outcome> {
    const message = report.message ?? 'the Dask task failed';
    const scheduler = await this.cluster.scheduler(job.schedulerId);
    if (report.failure) await writeTraceback(job, 'traceback.txt', report.failure.exception, report.failure.traceback);
    const clusterLogs = scheduler ? await this.cluster.logSnapshot(job, scheduler, true) : null;
    const failed = { code: 'ERR' as const, message: messageWithDetails(message, report.failure?.traceback ?? '') };
    if (!(await this.reporter.report(job, failed, SOURCE, { clusterLogs }))) return 'ignored';
    if (scheduler && !report.lost) {
      // A failed task stays on the cluster until released; resubmit and delete release it otherwise.
      await this.cluster.backend.release(scheduler, key).then(
        () => this.writer.patch(job.id, { runtime: { released: true } }, job.attempt),
        (err: Error) => this.logger.warn(`job=${job.id} key=${key} release after the failure failed: ${err.message}`),
      );
    }
    return 'applied';
  }
}

function unchanged(report: DaskReport, row: { status: string; message: string | null; reruns: number | null }): boolean {
  return report.code === row.status && (report.message === undefined || report.message === row.message)
    && (report.reruns ?? 0) <= (row.reruns ?? 0);
}
