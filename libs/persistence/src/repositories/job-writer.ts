import { DataSource, EntityManager } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../../../contracts/src/index.js';
import { Batcher, batchOrEach } from '../../../batching/src/index.js';
import { displayStatus, TransitionPlan } from '../../../domain/src/index.js';
import { JobEntity, OutboxEntity } from '../entities/index.js';
import { hotQuery } from './prepared.js';
import { outboxFromRow } from './outbox.repository.js';
import { TRANSITION_SQL, TransitionRow, uniqueJobRounds } from './transition-sql.js';

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
 * a `job_events` row, and the follow-up outbox rows, in one statement.
 * Zero rows updated means someone else moved the job first; not an error.
 * Changes made at the same time (many actions and reports in flight) are
 * written together: one round trip and one commit for the group.
 */
export class JobWriter {
  private readonly batcher = new Batcher<TransitionRow, WriteResult, 'all'>(
    (_key, rows) => batchOrEach(rows, (group) => this.writeRows(this.ds.manager, group)),
    { maxBatch: 64, maxInFlight: 2 },
  );

  constructor(private readonly ds: DataSource) {}

  async transition(job: JobEntity, plan: TransitionPlan, opts: TransitionOptions = {}): Promise<WriteResult> {
    return this.batcher.add('all', this.row(job, plan, opts));
  }

  /** The same change inside the caller's transaction `m`. */
  async transitionIn(m: EntityManager, job: JobEntity, plan: TransitionPlan, opts: TransitionOptions): Promise<WriteResult> {
    return (await this.writeRows(m, [this.row(job, plan, opts)]))[0];
  }

  private row(job: JobEntity, plan: TransitionPlan, opts: TransitionOptions): TransitionRow {
    const patch: JobPatch = { ...plan.times, ...opts.patch };
    return {
      idx: 0, id: job.id, from_status: plan.from.code, from_other: plan.from.other ?? null, to_status: plan.to.code,
      to_other: plan.to.code === 'OTH' ? plan.to.other ?? 'Other' : null,
      patch: Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      message: opts.message ?? patch.statusMessage ?? null, display: displayStatus(plan.to),
      results_queue: plan.processResults ? QUEUE_BY_JOB_TYPE[job.jobType] : null,
      settle: opts.completeOutboxId ?? null, attempt: opts.attempt ?? null,
    };
  }

  /** Writes rows in rounds of distinct jobs; results in input order. */
  private async writeRows(m: EntityManager, rows: TransitionRow[]): Promise<WriteResult[]> {
    const results: WriteResult[] = rows.map(() => ({ applied: false, outbox: [] }));
    const indexed = rows.map((row, idx) => ({ ...row, idx }));
    for (const round of uniqueJobRounds(indexed)) {
      const { rows: applied } = await hotQuery<{ idx: number; outbox: Record<string, unknown> | null }>(
        m, TRANSITION_SQL, [JSON.stringify(round)],
      );
      for (const { idx, outbox } of applied) results[idx] = { applied: true, outbox: outbox ? [outboxFromRow(outbox)] : [] };
    }
    return results;
  }

  /** Updates columns without a status change (runtime bookkeeping, messages); false when the attempt guard did not match. */
  async patch(m: EntityManager, jobId: string, patch: JobPatch, attempt?: number): Promise<boolean> {
    const params: unknown[] = [jobId];
    const sets: string[] = [];
    this.patchSql(patch, params, sets);
    if (!sets.length) return true;
    const guard = attempt === undefined ? '' : `AND attempt = $${params.push(attempt)}`;
    return (await hotQuery(m, `UPDATE jobs SET ${sets.join(', ')} WHERE id = $1 ${guard}`, params)).rowCount > 0;
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
