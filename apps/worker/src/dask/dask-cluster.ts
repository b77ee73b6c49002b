import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Batcher } from '../../../../libs/batching/src/index.js';
import { QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import { JobEntity, SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import { PermanentFailure, QueueGateway } from '../../../../libs/queue/src/index.js';
import { DaskBackend, type DaskLogs } from '../../../../libs/schedulers/src/index.js';
import type { ClusterLogSnapshots } from './cluster-log-snapshots.js';
import { logDirectory, writeLogsUnavailable } from './dask-job-files.js';
import { daskRuntime } from './dask-runtime.js';

/** How long a scheduler row is used before it is read again (an edited address applies within this time). */
const SCHEDULER_ROW_MS = 5_000;
/** How long one read of a scheduler's logs serves the jobs that end meanwhile. */
const LOGS_SHARED_MS = 2_000;

/** What the DASK handlers and the tracker share: the backend, scheduler rows, log capture. */
export class DaskCluster {
  private readonly logger = new Logger('Dask');
  private readonly rows = new Map<string, { at: number; row: SchedulerEntity | null }>();
  /** The last read of each scheduler's logs. */
  private readonly logs = new Map<string, { at: number; logs: Promise<DaskLogs> }>();
  /** The last snapshot of each scheduler's logs. */
  private readonly snapshots = new Map<string, { at: number; id: Promise<string> }>();
  /** Snapshots for failed tasks: one read at a time per scheduler, serving every failure seen before it began. */
  private readonly freshSnapshots = new Batcher<SchedulerEntity, string, string>(async (_id, [scheduler, ...rest]) => {
    const id = await this.newSnapshot(scheduler);
    return [id, ...rest.map(() => id)];
  }, { maxBatch: 10_000, maxInFlight: 1 });
  /** Schedulers whose batched poll this process has made sure of. */
  private readonly polled = new Set<string>();

  constructor(
    readonly backend: DaskBackend,
    private readonly ds: DataSource,
    private readonly queues: QueueGateway,
    private readonly pollEveryMs: number,
    private readonly logSnapshots: ClusterLogSnapshots,
  ) {}

  /** The job's scheduler; its poll is scheduled too, since it may have been registered after this worker started. */
  async schedulerOf(job: JobEntity): Promise<SchedulerEntity> {
    const scheduler = await this.scheduler(job.schedulerId);
    if (!scheduler) throw new PermanentFailure(`job ${job.id} has no Dask scheduler (scheduler id ${job.schedulerId ?? 'none'})`);
    if (!this.polled.has(scheduler.id)) {
      await this.queues.schedulePoll(QUEUE_BY_JOB_TYPE.DASK, scheduler.id, this.pollEveryMs);
      this.polled.add(scheduler.id);
    }
    return scheduler;
  }

  /** A `dask` scheduler row, read at most every few seconds: every action and report of its jobs needs it. */
  async scheduler(id: string | null): Promise<SchedulerEntity | null> {
    if (id === null) return null;
    const cached = this.rows.get(id);
    if (cached && Date.now() - cached.at < SCHEDULER_ROW_MS) return cached.row;
    const row = await this.ds.getRepository(SchedulerEntity).findOneBy({ id });
    const scheduler = row?.kind === 'dask' ? row : null;
    this.rows.set(id, { at: Date.now(), row: scheduler });
    return scheduler;
  }

  /**
   * The id of a snapshot of the cluster's logs for a job that ends now,
   * shared with the jobs that end at about the same time; null, with the
   * reason written among the job's logs, when they cannot be read (a job's
   * status must not wait on its logs). `fresh` for a failed task, whose
   * worker may just have logged why: its snapshot is read after it was asked
   * for, and shared only with the failures seen meanwhile.
   */
  async logSnapshot(job: JobEntity, scheduler: SchedulerEntity, fresh = false): Promise<string | null> {
    const cached = this.snapshots.get(scheduler.id);
    const id = fresh ? this.freshSnapshots.add(scheduler.id, scheduler)
      : cached && Date.now() - cached.at < LOGS_SHARED_MS ? cached.id : this.newSnapshot(scheduler);
    return id.catch(async (err: Error) => {
      await this.logsUnavailable(job, err);
      return null;
    });
  }

  private newSnapshot(scheduler: SchedulerEntity): Promise<string> {
    const id = this.recentLogs(scheduler, true).then((logs) => this.logSnapshots.write(scheduler.id, logs));
    this.snapshots.set(scheduler.id, { at: Date.now(), id });
    id.catch(() => this.snapshots.get(scheduler.id)?.id === id && this.snapshots.delete(scheduler.id));
    return id;
  }

  /**
   * Before a job's runtime stops naming its snapshot (a resubmit), the job
   * gets its own copy of it. A snapshot that has gone is only reported.
   */
  async keepLogs(job: JobEntity): Promise<void> {
    const { clusterLogs } = daskRuntime(job);
    if (!clusterLogs) return;
    await this.logSnapshots.copyTo(clusterLogs, logDirectory(job)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      this.logger.warn(`job=${job.id} the snapshot of the cluster's logs ${clusterLogs} has gone`);
    });
  }

  /** After a job is deleted: its snapshot goes too once no job names it (a failure leaves it to the sweep). */
  async releaseLogs(job: JobEntity): Promise<void> {
    const { clusterLogs } = daskRuntime(job);
    if (!clusterLogs) return;
    await this.logSnapshots.release(clusterLogs).catch((err: Error) => {
      this.logger.warn(`job=${job.id} the snapshot of the cluster's logs ${clusterLogs} was not removed: ${err.message}`);
    });
  }

  private async logsUnavailable(job: JobEntity, err: Error): Promise<void> {
    const reason = `the Dask logs could not be read: ${err.message}`;
    this.logger.warn(`job=${job.id} ${reason}`);
    await writeLogsUnavailable(job, reason).catch((e: Error) => this.logger.warn(`job=${job.id} ${e.message}`));
  }

  /** The cluster's logs as they are now (one read serves the requests of a few seconds). */
  currentLogs(scheduler: SchedulerEntity): Promise<DaskLogs> {
    return this.recentLogs(scheduler, false);
  }

  /**
   * The cluster's logs are the same for every job that ends at about the same
   * time: one read serves a burst of jobs instead of one read each.
   */
  private recentLogs(scheduler: SchedulerEntity, fresh: boolean): Promise<DaskLogs> {
    const cached = this.logs.get(scheduler.id);
    if (!fresh && cached && Date.now() - cached.at < LOGS_SHARED_MS) return cached.logs;
    const logs = this.backend.logs(scheduler);
    this.logs.set(scheduler.id, { at: Date.now(), logs });
    logs.catch(() => this.logs.get(scheduler.id)?.logs === logs && this.logs.delete(scheduler.id));
    return logs;
  }
}
