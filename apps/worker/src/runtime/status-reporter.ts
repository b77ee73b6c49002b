import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { planReport } from '../../../../libs/domain/src/index.js';
import {
  CustomStatusesRepository, JobEntity, jobClock, JobsRepository, JobWriter, OutboxEntity,
} from '../../../../libs/persistence/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';
import type { BackendStatus } from '../../../../libs/schedulers/src/index.js';

/** Reloads of a job that moved between reading and writing it, before giving the report up to the next one. */
const MAX_TRIES = 3;

/**
 * Applies what a scheduler reports about a job (poll, event log, refresh)
 * with the domain's rules: a guarded transition on the status and attempt
 * the job was read with, never reviving a finished job. When someone else
 * moved the job first, it is read again and the report re-planned.
 */
export class StatusReporter {
  private readonly logger = new Logger(StatusReporter.name);
  private readonly writer: JobWriter;
  private readonly jobs: JobsRepository;
  private readonly custom: CustomStatusesRepository;

  constructor(
    ds: DataSource,
    private readonly queues: QueueGateway,
  ) {
    this.writer = new JobWriter(ds);
    this.jobs = new JobsRepository(ds);
    this.custom = new CustomStatusesRepository(ds);
  }

  /**
   * Reports `status` for the attempt `job` was read with; `runtime` (backend
   * bookkeeping) is stored with it, or alone when the status is unchanged.
   * True when the status changed.
   */
  async report(job: JobEntity, status: BackendStatus, source: string, runtime?: Record<string, unknown>): Promise<boolean> {
    const attempt = job.attempt;
    let current: JobEntity | null = job;
    for (let tries = 0; current && current.attempt === attempt && tries < MAX_TRIES; tries++) {
      // an app's custom statuses only matter to a job showing one
      const custom = current.status === 'OTH' ? await this.custom.forLabel(current.label) : undefined;
      const outcome = planReport(jobClock(current), { code: status.code }, { hasResultsStep: true, custom });
      if (outcome.kind === 'ignore') {
        if (runtime) await this.writer.patch(current.id, { runtime }, attempt);
        return false;
      }
      const patch = { ...(status.message ? { statusMessage: status.message } : {}), ...(runtime ? { runtime } : {}) };
      const result = await this.writer.transition(current, outcome.plan, { patch, attempt, message: status.message ? `${source}: ${status.message}` : source });
      if (result.applied) {
        await this.publish(result.outbox);
        return true;
      }
      current = await this.jobs.findById(job.id);
    }
    return false;
  }

  private async publish(rows: OutboxEntity[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.queues.enqueue(rows); // the rows were written with enqueued_at set: the relay leaves them alone meanwhile
    } catch (err) {
      this.logger.warn(`queue unavailable, left to the outbox relay: ${(err as Error).message}`);
    }
  }
}
