import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JobActionItem } from '../../../../libs/contracts/src/index.js';
import {
  CustomStatusesRepository, JobEventsRepository, JobsRepository, JobWriter, OutboxRepository,
} from '../../../../libs/persistence/src/index.js';
import { PermanentFailure, QueueGateway } from '../../../../libs/queue/src/index.js';
import { ActionContext } from './action-context.js';
import type { JobTypeModule } from './job-type-module.js';
import type { WorkerMetrics } from './worker-metrics.js';

/**
 * Runs one delivery of a job action. The outbox row is the guard: a row that
 * is no longer pending was handled already (redelivery), so nothing happens.
 * Errors are recorded once here and re-thrown so BullMQ retries them.
 */
export class ActionRunner {
  private readonly logger = new Logger(ActionRunner.name);
  private readonly jobs: JobsRepository;
  private readonly writer: JobWriter;
  private readonly outbox: OutboxRepository;
  private readonly custom: CustomStatusesRepository;
  private readonly events: JobEventsRepository;

  constructor(
    private readonly ds: DataSource,
    private readonly queues: QueueGateway,
    private readonly metrics: WorkerMetrics,
  ) {
    this.jobs = new JobsRepository(ds);
    this.writer = new JobWriter(ds);
    this.outbox = new OutboxRepository(ds);
    this.custom = new CustomStatusesRepository(ds);
    this.events = new JobEventsRepository(ds);
  }

  async run(module: JobTypeModule, item: JobActionItem, attempt: number, lastAttempt: boolean): Promise<void> {
    const found = await this.jobs.forAction(item.outboxId);
    if (!found || found.state !== 'pending') return;
    const { job } = found;
    const row = { id: item.outboxId };
    if (!job) {
      await this.outbox.markDone(this.ds.manager, row.id);
      return;
    }
    // Custom status categories only matter when the job shows a custom status.
    const custom = job.status === 'OTH' ? await this.custom.forLabel(job.label) : new Map();
    const ctx = new ActionContext(
      item.action, job, row.id, attempt, custom, this.ds, this.writer, this.outbox, this.queues, this.events,
    );
    const tags = { jobId: job.id, jobType: job.jobType, action: item.action, attempt };
    const stop = this.metrics.actionStarted(job.jobType, item.action);
    try {
      await module.handlers[item.action](ctx);
      stop('ok');
      this.logger.log({ ...tags, msg: 'action done' });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      stop('error');
      await this.outbox.recordAttempt(row.id, error.message);
      const final = lastAttempt || error instanceof PermanentFailure;
      this.logger.warn({ ...tags, msg: final ? 'action failed for good' : 'action failed, will retry', error: error.message });
      if (final) {
        await this.outbox.markFailed(row.id, error.message);
        await module.onFailed(ctx, error);
      }
      throw error;
    }
  }
}
