import { DataSource, EntityManager } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../../../contracts/src/index.js';
import { Batcher, batchOrEach } from '../../../batching/src/index.js';
import { displayStatus, TransitionPlan } from '../../../domain/src/index.js';
import { JobEntity, OutboxEntity } from '../entities/index.js';
import { hotQuery } from './prepared.js';
import { outboxFromRow } from './outbox.repository.js';
import { PATCH_SQL, PatchRow, TRANSITION_SQL, TransitionRow, uniqueJobRounds } from './job-write-sql.js';

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

/**
 * The only way job status changes: a compare-and-set on the current status,
 * a `job_events` row, and the follow-up outbox rows, in one statement.
 * Zero rows updated means someone else moved the job first; not an error.
 * Changes made at the same time (many actions and reports in flight) are
 * written together: one round trip and one commit for the group.
 */
export class JobWriter {
  private readonly transitions = new Batcher<TransitionRow, WriteResult, 'all'>(
    (_key, rows) => batchOrEach(rows, (group) => this.writeTransitions(this.ds.manager, group)),
    { maxBatch: 64, maxInFlight: 1 },
  );
  private readonly patches = new Batcher<PatchRow, boolean, 'all'>(
    (_key, rows) => batchOrEach(rows, (group) => this.inRounds(this.ds.manager, PATCH_SQL, group, () => true)),
    { maxBatch: 64, maxInFlight: 1 },
  );

  constructor(private readonly ds: DataSource) {}

  async transition(job: JobEntity, plan: TransitionPlan, opts: TransitionOptions = {}): Promise<WriteResult> {
    return this.transitions.add('all', this.row(job, plan, opts));
  }

  /** The same change inside the caller's transaction `m`. */
  async transitionIn(m: EntityManager, job: JobEntity, plan: TransitionPlan, opts: TransitionOptions): Promise<WriteResult> {
    return (await this.writeTransitions(m, [this.row(job, plan, opts)]))[0];
  }

  /**
   * Updates columns without a status change (runtime bookkeeping, messages),
   * only while the job is on `attempt` when given; false when that guard did
   * not match.
   */
  async patch(jobId: string, patch: JobPatch, attempt?: number): Promise<boolean> {
    const set = definedOnly(patch);
    if (Object.keys(set).length === 0) return true;
    return this.patches.add('all', { idx: 0, id: jobId, patch: set, attempt: attempt ?? null });
  }

  private row(job: JobEntity, plan: TransitionPlan, opts: TransitionOptions): TransitionRow {
    const patch: JobPatch = { ...plan.times, ...opts.patch };
    return {
      idx: 0, id: job.id, from_status: plan.from.code, from_other: plan.from.other ?? null, to_status: plan.to.code,
      to_other: plan.to.code === 'OTH' ? plan.to.other ?? 'Other' : null,
      patch: definedOnly(patch), message: opts.message ?? patch.statusMessage ?? null, display: displayStatus(plan.to),
      results_queue: plan.processResults ? QUEUE_BY_JOB_TYPE[job.jobType] : null,
      settle: opts.completeOutboxId ?? null, attempt: opts.attempt ?? null,
    };
  }

  private writeTransitions(m: EntityManager, rows: TransitionRow[]): Promise<WriteResult[]> {
    return this.inRounds<TransitionRow, { outbox: Record<string, unknown> | null }, WriteResult>(
      m, TRANSITION_SQL, rows, ({ outbox }) => ({ applied: true, outbox: outbox ? [outboxFromRow(outbox)] : [] }),
      { applied: false, outbox: [] },
    );
  }

  /**
   * Runs `sql` over `rows` in rounds of distinct jobs; results in input
   * order: `applied(row)` for each row the statement returned, `otherwise`
   * (false by default) for the rest.
   */
  private async inRounds<T extends { idx: number; id: string }, Out, R>(
    m: EntityManager, sql: string, rows: T[], applied: (out: Out) => R, otherwise: R = false as R,
  ): Promise<R[]> {
    const results: R[] = rows.map(() => otherwise);
    for (const round of uniqueJobRounds(rows.map((row, idx) => ({ ...row, idx })))) {
      const { rows: out } = await hotQuery<Out & { idx: number }>(m, sql, [JSON.stringify(round)]);
      for (const row of out) results[row.idx] = applied(row);
    }
    return results;
  }
}

/** A patch as JSON: keys left undefined are not set. */
function definedOnly(patch: JobPatch): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
