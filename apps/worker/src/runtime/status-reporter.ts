import { DataSource } from 'typeorm';
import { HAS_RESULTS_STEP, planReport, StoredStatus } from '../../../../libs/domain/src/index.js';
import {
  CustomStatusesRepository, JobEntity, jobClock, JobPatch, JobsRepository, JobWriter, OutboxEntity, OutboxRepository,
} from '../../../../libs/persistence/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';

/** Compare-and-set races lost in a row before a report gives up (the next poll reports again). */
const MAX_RACES = 5;

export interface ReportOptions {
  /** Columns set together with the status. */
  patch?: JobPatch;
  /** Message of the `job_events` row. */
  message: string;
  /** Whether the report still concerns the job as it now is (e.g. the same attempt). */
  concerns(job: JobEntity): boolean;
}

/**
 * Status reports that arrive outside any action (scheduler pushes, batched
 * polls): the domain rules decide (a finished job is never revived), the
 * write is a guarded transition retried after a lost race, and follow-up
 * actions (results processing) are handed to the queue.
 */
export class StatusReporter {
  private readonly jobs: JobsRepository;
  private readonly writer: JobWriter;
  private readonly outbox: OutboxRepository;
  private readonly custom: CustomStatusesRepository;

  constructor(
    ds: DataSource,
    private readonly queues: QueueGateway,
  ) {
    this.jobs = new JobsRepository(ds);
    this.writer = new JobWriter(ds);
    this.outbox = new OutboxRepository(ds);
    this.custom = new CustomStatusesRepository(ds);
  }

  /** Applies `reported` to `job` (as just read); true when the status changed. */
  async report(job: JobEntity, reported: StoredStatus, options: ReportOptions): Promise<boolean> {
    let current: JobEntity | null = job;
    for (let race = 0; race < MAX_RACES; race++) {
      if (race > 0) current = await this.jobs.findById(job.id);
      if (!current || current.deletedAt || !options.concerns(current)) return false;
      // An app's custom statuses only matter to a job showing one.
      const custom = current.status === 'OTH' ? await this.custom.forLabel(current.label) : undefined;
      const outcome = planReport(jobClock(current), reported, { hasResultsStep: HAS_RESULTS_STEP[current.jobType], custom });
      if (outcome.kind === 'ignore') return false;
      const result = await this.writer.transition(current, outcome.plan, { patch: options.patch, message: options.message });
      if (result.applied) {
        await this.publish(result.outbox);
        return true;
      }
    }
    return false;
  }

  private async publish(rows: OutboxEntity[]): Promise<void> {
    if (rows.length === 0) return;
    await this.queues.enqueue(rows).then(
      () => this.outbox.markEnqueued(rows.map((r) => r.id)),
      () => undefined, // the outbox relay enqueues it
    );
  }
}
