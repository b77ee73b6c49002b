import { DataSource, EntityManager } from 'typeorm';
import type { JobAction, QueueName } from '../../../contracts/src/index.js';
import { OutboxEntity } from '../entities/index.js';
import { hotQuery } from './prepared.js';

/** Rows of `outbox`: actions written with the job change, relayed to BullMQ. */
export class OutboxRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Inserts an action. It counts as handed to the queue now: the writer
   * enqueues it right after commit, and if that fails the relay finds it
   * once it is older than the redelivery delay.
   */
  async insert(m: EntityManager, jobId: string, queue: QueueName, action: JobAction, delayMs = 0): Promise<OutboxEntity> {
    const [row] = await m.query(
      `INSERT INTO outbox (job_id, queue, action, available_at, enqueued_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8 / 1000), now()) RETURNING *`,
      [jobId, queue, action, delayMs],
    );
    return outboxFromRow(row);
  }

  async find(id: string): Promise<OutboxEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const [row] = await this.ds.query(`SELECT * FROM outbox WHERE id = $1`, [id]);
    return row ? outboxFromRow(row) : null;
  }

  /** The user action in progress for a job, if any (one at a time). */
  async pendingUserAction(m: EntityManager, jobId: string): Promise<OutboxEntity | null> {
    const [row] = await m.query(
      `SELECT * FROM outbox WHERE job_id = $1 AND state = 'pending' AND action NOT IN ('refresh', 'process-results')
       ORDER BY id LIMIT 1`,
      [jobId],
    );
    return row ? outboxFromRow(row) : null;
  }

  /** Pending rows of these queues, due, and not handed to the queue since `staleBefore`. */
  async dueForRelay(queues: QueueName[], staleBefore: Date, limit: number): Promise<OutboxEntity[]> {
    const rows = await this.ds.query(
      `SELECT * FROM outbox WHERE state = 'pending' AND queue = ANY($1) AND available_at <= now()
         AND (enqueued_at IS NULL OR enqueued_at < $2)
       ORDER BY id LIMIT $3`,
      [queues, staleBefore, limit],
    );
    return rows.map(outboxFromRow);
  }

  async markEnqueued(ids: string[]): Promise<void> {
    if (ids.length) await this.ds.query(`UPDATE outbox SET enqueued_at = now() WHERE id = ANY($1)`, [ids]);
  }

  /** Marks a row done; false when it was not pending (a redelivery already handled it). */
  async markDone(m: EntityManager, id: string): Promise<boolean> {
    const result = await hotQuery(m, `UPDATE outbox SET state = 'done', done_at = now() WHERE id = $1 AND state = 'pending'`, [id]);
    return result.rowCount > 0;
  }

  async recordAttempt(id: string, error: string | null): Promise<void> {
    await this.ds.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [id, error]);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE outbox SET state = 'failed', done_at = now(), last_error = $2 WHERE id = $1 AND state = 'pending'`,
      [id, error],
    );
  }

  /** Pending rows per queue, for metrics. */
  async pendingCounts(): Promise<Map<string, number>> {
    const rows: { queue: string; n: string }[] = await this.ds.query(
      `SELECT queue, count(*) AS n FROM outbox WHERE state = 'pending' GROUP BY queue`,
    );
    return new Map(rows.map((r) => [r.queue, Number(r.n)]));
  }
}

/** Maps an `outbox` row (or its row_to_json) to the entity. */
export function outboxFromRow(row: Record<string, unknown>): OutboxEntity {
  return Object.assign(new OutboxEntity(), {
    id: String(row.id),
    jobId: String(row.job_id),
    queue: row.queue,
    action: row.action,
    state: row.state,
    createdAt: date(row.created_at),
    availableAt: date(row.available_at),
    enqueuedAt: date(row.enqueued_at),
    doneAt: date(row.done_at),
    attempts: row.attempts,
    lastError: row.last_error,
  });
}

/** Timestamps arrive as Date from queries and as text from row_to_json. */
function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}
