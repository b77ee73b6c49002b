import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import {
  conflict, displayStatus, HAS_RESULTS_STEP, isFinished, planReport, resolveStatus,
} from '../../../../libs/domain/src/index.js';
import {
  CustomStatusesRepository, JobEntity, jobClock, JobWriter, OutboxEntity, OutboxRepository, storedStatus,
} from '../../../../libs/persistence/src/index.js';
import { OutboxPublisher } from '../jobs/outbox-publisher.js';

/**
 * What a status callback does: with a status, report it (guarded: never
 * revives a finished job); without, ask the job's worker to refresh the
 * status from its scheduler, now or after `delay` seconds (durably: an
 * outbox row plus a delayed queue entry).
 */
@Injectable()
export class StatusCallbackService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: JobWriter,
    private readonly outbox: OutboxRepository,
    private readonly custom: CustomStatusesRepository,
    private readonly publisher: OutboxPublisher,
  ) {}

  async handle(job: JobEntity, status: string | undefined, delaySeconds: number): Promise<void> {
    const custom = await this.custom.forLabel(job.label);
    if (isFinished(storedStatus(job), custom)) {
      throw conflict(`job ${job.id} is already ${displayStatus(storedStatus(job))}; status reports are ignored`);
    }
    let rows: OutboxEntity[] = [];
    if (status === undefined) {
      rows = [await this.outbox.insert(this.ds.manager, job.id, QUEUE_BY_JOB_TYPE[job.jobType], 'refresh', delaySeconds * 1000)];
    } else {
      const outcome = planReport(jobClock(job), resolveStatus(status), { hasResultsStep: HAS_RESULTS_STEP[job.jobType], custom });
      if (outcome.kind === 'apply') {
        const result = await this.writer.transition(job, outcome.plan, { message: 'reported through the status callback URL' });
        if (!result.applied) throw conflict(`job ${job.id} changed status meanwhile; report ignored`);
        rows = result.outbox;
      }
    }
    await this.publisher.publish(rows);
  }
}
