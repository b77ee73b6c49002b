import { DataSource, EntityManager } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../../../contracts/src/index.js';
import { displayStatus, OTHER_STATUS_KEY, TransitionPlan } from '../../../domain/src/index.js';
import { JobEntity, OutboxEntity } from '../entities/index.js';
import { JobEventsRepository } from './job-events.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { affected } from './affected.js';

/** Columns a status change may set together with the status. */
export interface JobPatch {
  statusMessage?: string | null;
  executeTime?: Date | null;
  startTime?: Date | null;
  completionTime?: Date | null;
  /** Merged into the job's runtime JSON. */
  runtime?: Record<string, unknown>;
  attempt?: number;
  resultsAttempts?: number;
  result?: unknown;
}

export interface TransitionOptions {
  /** Message of the `job_events` row. */
  message?: string;
  patch?: JobPatch;
  /** Outbox row to mark done in the same transaction (the action being handled). */
  completeOutboxId?: string;
  /** Apply only while the job is still on this attempt (a report about an older submission must not land on a newer one). */
  attempt?: number;
}

export interface WriteResult {
  applied: boolean;
  /** Outbox rows created; enqueue them after the transaction commits. */
  outbox: OutboxEntity[];
}

const COLUMN: Record<Exclude<keyof JobPatch, 'runtime'>, string> = {
  statusMessage: 'status_message',
  executeTime: 'execute_time',
  startTime: 'start_time',
  completionTime: 'completion_time',
  attempt: 'attempt',
  resultsAttempts: 'results_attempts',
  result: 'result',
};

/**
 * The only way job status changes: a compare-and-set on the current status,
 * a `job_events` row, and the follow-up outbox rows, in one transaction.
 * Zero rows updated means someone else moved the job first; not an error.
 */
export class JobWriter {
  private readonly events: JobEventsRepository;
  private readonly outbox: OutboxRepository;

  constructor(private readonly ds: DataSource) {
    this.events = new JobEventsRepository(ds);
    this.outbox = new OutboxRepository(ds);
  }

  async transition(job: JobEntity, plan: TransitionPlan, opts: TransitionOptions = {}): Promise<WriteResult> {
    return this.ds.transaction((m) => this.transitionIn(m, job, plan, opts));
  }

  async transitionIn(m: EntityManager, job: JobEntity, plan: TransitionPlan, opts: TransitionOptions): Promise<WriteResult> {
    const params: unknown[] = [job.id, plan.from.code, plan.from.other ?? null, plan.to.code];
    const sets = ['status = $4'];
    if (plan.to.code === 'OTH') {
      params.push(JSON.stringify(plan.to.other ?? 'Other'));
      sets.push(`extended_properties = jsonb_set(extended_properties, '{${OTHER_STATUS_KEY}}', $${params.length}::jsonb)`);
    } else {
      sets.push(`extended_properties = extended_properties - '${OTHER_STATUS_KEY}'`);
    }
    const patch: JobPatch = { ...plan.times, ...opts.patch };
    this.patchSql(patch, params, sets);
    const rows = await m.query(
      `UPDATE jobs SET ${sets.join(', ')}
       WHERE id = $1 AND deleted_at IS NULL AND status = $2
         AND ($2 <> 'OTH' OR extended_properties->>'${OTHER_STATUS_KEY}' IS NOT DISTINCT FROM $3)
         ${this.attemptGuard(opts.attempt, params)}
       RETURNING id`,
      params,
    );
    if (affected(rows) === 0) return { applied: false, outbox: [] };
    await this.events.append(m, job, {
      type: 'status',
      from: plan.from.code,
      to: plan.to.code,
      status: displayStatus(plan.to),
      message: opts.message ?? patch.statusMessage ?? null,
    });
    const outbox: OutboxEntity[] = [];
    if (plan.processResults) {
      outbox.push(await this.outbox.insert(m, job.id, QUEUE_BY_JOB_TYPE[job.jobType], 'process-results'));
    }
    if (opts.completeOutboxId) await this.outbox.markDone(m, opts.completeOutboxId);
    return { applied: true, outbox };
  }

  /** Updates columns without a status change (runtime bookkeeping, messages); false when the attempt guard did not match. */
  async patch(m: EntityManager, jobId: string, patch: JobPatch, attempt?: number): Promise<boolean> {
    const params: unknown[] = [jobId];
    const sets: string[] = [];
    this.patchSql(patch, params, sets);
    if (!sets.length) return true;
    const result = await m.query(`UPDATE jobs SET ${sets.join(', ')} WHERE id = $1 ${this.attemptGuard(attempt, params)}`, params);
    return affected(result) > 0;
  }

  private attemptGuard(attempt: number | undefined, params: unknown[]): string {
    if (attempt === undefined) return '';
    params.push(attempt);
    return `AND attempt = $${params.length}`;
  }

  private patchSql(patch: JobPatch, params: unknown[], sets: string[]): void {
    for (const [key, column] of Object.entries(COLUMN) as [keyof typeof COLUMN, string][]) {
      if (patch[key] === undefined) continue;
      const value = key === 'result' ? JSON.stringify(patch[key]) : patch[key];
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    if (patch.runtime) {
      params.push(patch.runtime);
      sets.push(`runtime = runtime || $${params.length}::jsonb`);
    }
  }
}
