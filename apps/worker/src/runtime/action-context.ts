import { DataSource } from 'typeorm';
import type { JobAction } from '../../../../libs/contracts/src/index.js';
import {
  CustomStatuses, HAS_RESULTS_STEP, planForAction, StoredStatus, TransitionPlan,
} from '../../../../libs/domain/src/index.js';
import {
  JobEntity, jobClock, JobEventsRepository, JobPatch, JobWriter, OutboxRepository, WriteResult,
} from '../../../../libs/persistence/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';

/**
 * What a handler gets for one delivery: the reloaded job, and writes that
 * settle the outbox row in the same transaction as the job change.
 */
export class ActionContext {
  constructor(
    readonly action: JobAction,
    readonly job: JobEntity,
    readonly outboxId: string,
    readonly attempt: number,
    readonly custom: CustomStatuses,
    private readonly ds: DataSource,
    private readonly writer: JobWriter,
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueGateway,
    private readonly events: JobEventsRepository,
  ) {}

  /** Moves the job to `to` (compare-and-set on the status it had when loaded) and settles the action. */
  async moveTo(to: StoredStatus, patch: JobPatch = {}, message?: string): Promise<boolean> {
    const plan = planForAction(jobClock(this.job), to, { hasResultsStep: HAS_RESULTS_STEP[this.job.jobType], custom: this.custom });
    return this.apply(plan, patch, message);
  }

  /**
   * Applies a plan made by the domain rules and settles the action. Guarded
   * by the status and the attempt the job was loaded with.
   */
  async apply(plan: TransitionPlan, patch: JobPatch = {}, message?: string): Promise<boolean> {
    const result: WriteResult = await this.writer.transition(this.job, plan, {
      patch, message: message ?? `${this.action} done`, completeOutboxId: this.outboxId, attempt: this.job.attempt,
    });
    if (!result.applied) {
      // Someone else moved the job first: the action has nothing left to do.
      await this.done();
      return false;
    }
    await this.publish(result.outbox);
    return true;
  }

  /** Records backend bookkeeping (runtime fields) without a status change. */
  async record(patch: JobPatch): Promise<void> {
    await this.writer.patch(this.job.id, patch);
    Object.assign(this.job, { ...patch, runtime: { ...this.job.runtime, ...(patch.runtime ?? {}) } });
  }

  /** Undoes a requested delete that could not be carried out, so the job is visible and can be retried. */
  async restoreDeleted(reason: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE jobs SET deleted_at = NULL, status_message = $2 WHERE id = $1`, [this.job.id, reason]);
      await this.events.append(m, this.job, { type: 'updated', from: this.job.status, to: this.job.status, status: null, message: reason });
    });
  }

  /** Removes the job row and settles the delete in one transaction. */
  async deleteRow(): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`DELETE FROM jobs WHERE id = $1 AND deleted_at IS NOT NULL`, [this.job.id]);
      await this.outbox.markDone(m, this.outboxId);
    });
  }

  /** Settles the action without changing the job. */
  async done(): Promise<void> {
    await this.outbox.markDone(this.ds.manager, this.outboxId);
  }

  private async publish(rows: Parameters<QueueGateway['enqueue']>[0]): Promise<void> {
    if (rows.length === 0) return;
    await this.queues.enqueue(rows).catch(() => undefined); // the relay enqueues it
  }
}
