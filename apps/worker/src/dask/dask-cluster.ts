import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import { JobEntity, SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import { PermanentFailure, QueueGateway } from '../../../../libs/queue/src/index.js';
import { DaskBackend } from '../../../../libs/schedulers/src/index.js';
import { writeClusterLogs, writeLogsUnavailable } from './dask-job-files.js';

/** What the DASK handlers and the tracker share: the backend, scheduler rows, log capture. */
export class DaskCluster {
  private readonly logger = new Logger('Dask');
  /** Schedulers whose batched poll this process has made sure of. */
  private readonly polled = new Set<string>();

  constructor(
    readonly backend: DaskBackend,
    private readonly ds: DataSource,
    private readonly queues: QueueGateway,
    private readonly pollEveryMs: number,
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

  async scheduler(id: string | null): Promise<SchedulerEntity | null> {
    if (id === null) return null;
    const scheduler = await this.ds.getRepository(SchedulerEntity).findOneBy({ id });
    return scheduler?.kind === 'dask' ? scheduler : null;
  }

  /**
   * Writes the cluster's logs into the job's log directory. Never throws: a
   * job's status must not wait on its logs, so a failure is written instead.
   */
  async captureLogs(job: JobEntity, scheduler: SchedulerEntity): Promise<void> {
    try {
      await writeClusterLogs(job, await this.backend.logs(scheduler));
    } catch (err) {
      const reason = `the Dask logs could not be read: ${(err as Error).message}`;
      this.logger.warn(`job=${job.id} ${reason}`);
      await writeLogsUnavailable(job, reason).catch((e: Error) => this.logger.warn(`job=${job.id} ${e.message}`));
    }
  }
}
