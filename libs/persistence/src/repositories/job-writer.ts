import { DataSource, EntityManager } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../../../contracts/src/index.js';
import { displayStatus, OTHER_STATUS_KEY, TransitionPlan } from '../../../domain/src/index.js';
import { JobEntity, OutboxEntity } from '../entities/index.js';
import { hotQuery } from './prepared.js';
import { outboxFromRow } from './outbox.repository.js';

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
  constructor(private readonly ds: DataSource) {}

  async transition(job: JobEntity, plan: TransitionPlan, opts: TransitionOptions = {}): Promise<WriteResult> {
    return this.transitionIn(this.ds.manager, job, plan, opts);
  }

  /**
   * One statement (data-modifying CTEs, atomic on its own): the guarded
   * update, its event, the follow-up outbox row and the settled action.
   * A single round trip keeps the status-change hot path cheap.
   */
  async transitionIn(m: EntityManager, job: JobEntity, plan: TransitionPlan, opts: TransitionOptions): Promise<WriteResult> {
    const params: unknown[] = [job.id, plan.from.code, plan.from.other ?? null, plan.to.code];
    const p = (v: unknown) => `$${params.push(v)}`;
    const sets = ['status = $4'];
    if (plan.to.code === 'OTH') {
      sets.push(`extended_properties = jsonb_set(extended_properties, '{${OTHER_STATUS_KEY}}', ${p(JSON.stringify(plan.to.other ?? 'Other'))}::jsonb)`);
    } else {
      sets.push(`extended_properties = extended_properties - '${OTHER_STATUS_KEY}'`);
    }
    const patch: JobPatch = { ...plan.times, ...opts.patch };
    this.patchSql(patch, params, sets);
    const message = p(opts.message ?? patch.statusMessage ?? null);
    const display = p(displayStatus(plan.to));
    const resultsQueue = p(plan.processResults ? QUEUE_BY_JOB_TYPE[job.jobType] : null);
    const settle = p(opts.completeOutboxId ?? null);
    const attempt = opts.attempt === undefined ? '' : `AND attempt = ${p(opts.attempt)}`;
    const { rows: [row] } = await hotQuery<{ applied: number; outbox: Record<string, unknown> | null }>(m,
      `WITH u AS (
         UPDATE jobs SET ${sets.join(', ')}
         WHERE id = $1 AND deleted_at IS NULL AND status = $2
           AND ($2 <> 'OTH' OR extended_properties->>'${OTHER_STATUS_KEY}' IS NOT DISTINCT FROM $3) ${attempt}
         RETURNING id, label, user_id),
       e AS (
         INSERT INTO job_events (job_id, label, user_id, groups, type, from_status, to_status, status, message)
         SELECT u.id, u.label, u.user_id,
                COALESCE((SELECT array_agg(group_name) FROM job_groups WHERE job_id = u.id), '{}'),
                'status', $2, $4, ${display}, ${message}
         FROM u),
       o AS (
         INSERT INTO outbox (job_id, queue, action, enqueued_at)
         SELECT u.id, ${resultsQueue}::text, 'process-results', now() FROM u WHERE ${resultsQueue}::text IS NOT NULL
         RETURNING *),
       d AS (
         UPDATE outbox SET state = 'done', done_at = now()
         WHERE id = ${settle}::bigint AND state = 'pending' AND EXISTS (SELECT 1 FROM u))
       SELECT (SELECT count(*) FROM u)::int AS applied, (SELECT row_to_json(o) FROM o) AS outbox`,
      params,
    );
    if (row.applied === 0) return { applied: false, outbox: [] };
    return { applied: true, outbox: row.outbox ? [outboxFromRow(row.outbox)] : [] };
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
