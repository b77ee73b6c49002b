import { DataSource, EntityManager } from 'typeorm';
import { Batcher, batchOrEach } from '../../../batching/src/index.js';
import type { JobType, Viewer } from '../../../domain/src/index.js';
import type { JobAction, QueueName } from '../../../contracts/src/index.js';
import { JobEntity, OutboxEntity } from '../entities/index.js';
import { outboxFromRow } from './outbox.repository.js';
import { hotQuery } from './prepared.js';
import { buildJobListSql, JobListQuery } from './job-list.query.js';
import { JOB_SELECT, toJobEntity } from './job-rows.js';
import { visibleJobsCondition } from './visibility.js';

export interface NewJob {
  name: string;
  description: string;
  userId: string;
  label: string;
  jobType: JobType;
  groups: string[];
  workspace: string;
  extendedProperties: Record<string, unknown>;
  processResultsFunction: string | null;
  spec: Record<string, unknown>;
  schedulerId: string | null;
}

export interface FirstAction {
  queue: QueueName;
  action: JobAction;
}

/** A job to create and, optionally, the action queued with it. */
export interface JobCreation {
  job: NewJob;
  firstAction: FirstAction | null;
}

export interface CreatedJob {
  job: JobEntity;
  outbox: OutboxEntity[];
}

export interface JobPage {
  jobs: JobEntity[];
  /** Sort value and id of the last row, when there may be more rows. */
  last: { value: string; id: string } | null;
}

/** An action's outbox state and its job; `job` is null when the job row is gone. */
export interface ActionRead {
  state: string;
  job: JobEntity | null;
}

/** Reads of jobs, always through the viewer's visibility. */
export class JobsRepository {
  private readonly byId = new Batcher<string, JobEntity | null, 'all'>(
    (_key, ids) => batchOrEach(ids, (group) => this.findByIds(group)),
    { maxBatch: 64, maxInFlight: 1 },
  );
  private readonly actionReads = new Batcher<string, ActionRead | null, 'all'>(
    (_key, ids) => batchOrEach(ids, (group) => this.forActions(group)),
    { maxBatch: 64, maxInFlight: 1 },
  );

  constructor(private readonly ds: DataSource) {}

  /**
   * Creates a job with its groups, its `created` event and (optionally) its
   * first action, in one statement; `{id}` in the name becomes the id (for
   * every job type). Pass `m` to create it inside a transaction.
   */
  async create(job: NewJob, firstAction: FirstAction | null, m: EntityManager = this.ds.manager): Promise<CreatedJob> {
    return (await this.createMany([{ job, firstAction }], m))[0];
  }

  /**
   * Creates many jobs in one statement (one round trip, one commit): all of
   * them or, when any row is refused, none. Results are in input order.
   */
  async createMany(items: JobCreation[], m: EntityManager = this.ds.manager): Promise<CreatedJob[]> {
    const input = items.map(({ job, firstAction }, ord) => ({
      ord, name: job.name, description: job.description, user_id: job.userId, label: job.label, job_type: job.jobType,
      workspace: job.workspace, extended_properties: job.extendedProperties, process_results_function: job.processResultsFunction,
      spec: job.spec, scheduler_id: job.schedulerId, groups: job.groups, queue: firstAction?.queue ?? null, action: firstAction?.action ?? null,
    }));
    const { rows } = await hotQuery<{ ord: number; job: Record<string, unknown>; outbox: Record<string, unknown> | null }>(m,
      `WITH i AS MATERIALIZED (
         SELECT nextval(pg_get_serial_sequence('jobs', 'id')) AS id, x.*
         FROM jsonb_to_recordset($1::jsonb) AS x(ord int, name text, description text, user_id text, label text, job_type text,
           workspace text, extended_properties jsonb, process_results_function text, spec jsonb, scheduler_id bigint,
           groups text[], queue text, action text)),
       j AS (
         INSERT INTO jobs (id, name, description, user_id, label, job_type, workspace, extended_properties,
           process_results_function, spec, scheduler_id)
         SELECT id, replace(name, '{id}', id::text), description, user_id, label, job_type, workspace, extended_properties,
           process_results_function, spec, scheduler_id FROM i
         RETURNING *),
       g AS (
         INSERT INTO job_groups (job_id, group_name, label, creation_time)
         SELECT j.id, grp, j.label, j.creation_time FROM j JOIN i USING (id), unnest(i.groups) grp),
       e AS (
         INSERT INTO job_events (job_id, label, user_id, groups, type, to_status, status)
         SELECT j.id, j.label, j.user_id, i.groups, 'created', j.status, 'Pending' FROM j JOIN i USING (id)),
       o AS (
         INSERT INTO outbox (job_id, queue, action, enqueued_at)
         SELECT id, queue, action, now() FROM i WHERE queue IS NOT NULL
         RETURNING *)
       SELECT i.ord, row_to_json(j) AS job, row_to_json(o) AS outbox
       FROM j JOIN i USING (id) LEFT JOIN o ON o.job_id = j.id ORDER BY i.ord`,
      [JSON.stringify(input)],
    );
    return rows.map((row) => ({
      job: toJobEntity({
        ...row.job,
        creation_time: new Date(row.job.creation_time as string),
        group_names: [...items[row.ord].job.groups].sort(),
      }),
      outbox: row.outbox ? [outboxFromRow(row.outbox)] : [],
    }));
  }

  async findVisible(viewer: Viewer, id: string, m: EntityManager = this.ds.manager): Promise<JobEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const params: unknown[] = [];
    const cond = visibleJobsCondition(viewer, params);
    params.push(id);
    const rows = await m.query(`${JOB_SELECT} WHERE ${cond} AND j.id = $${params.length}`, params);
    return rows.length ? toJobEntity(rows[0]) : null;
  }

  /**
   * Loads a job by id whatever its visibility (workers, callbacks). Outside a
   * transaction, loads made at the same time share one query.
   */
  async findById(id: string, m?: EntityManager): Promise<JobEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    if (!m) return this.byId.add('all', id);
    return (await this.findByIds([id], m))[0];
  }

  private async findByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<(JobEntity | null)[]> {
    const { rows } = await hotQuery(m, `${JOB_SELECT} WHERE j.id = ANY($1::bigint[])`, [ids]);
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? toJobEntity(row) : null;
    });
  }

  /**
   * An action's outbox state and its job (the worker's first read for every
   * delivery); reads of actions delivered at the same time share one query.
   */
  async forAction(outboxId: string): Promise<ActionRead | null> {
    if (!/^\d{1,18}$/.test(outboxId)) return null;
    return this.actionReads.add('all', outboxId);
  }

  private async forActions(ids: string[]): Promise<(ActionRead | null)[]> {
    const { rows } = await hotQuery(this.ds.manager,
      `SELECT o.id AS outbox_id, o.state AS outbox_state, j.*,
         COALESCE((SELECT array_agg(g.group_name ORDER BY g.group_name) FROM job_groups g WHERE g.job_id = j.id), '{}') AS group_names
       FROM outbox o LEFT JOIN jobs j ON j.id = o.job_id WHERE o.id = ANY($1::bigint[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [String(row.outbox_id), row]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) return null;
      return { state: String(row.outbox_state), job: row.id === null ? null : toJobEntity(row) };
    });
  }

  async list(q: JobListQuery): Promise<JobPage> {
    const built = buildJobListSql(q);
    if (!built) return { jobs: [], last: null };
    const dir = q.sort.desc ? 'DESC' : 'ASC';
    // The page's keys and its rows in one round trip.
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT p.k AS page_key, x.* FROM (${built.sql}) p CROSS JOIN LATERAL (${JOB_SELECT} WHERE j.id = p.id) x
       ORDER BY p.k ${dir}, p.id ${dir}`,
      built.params,
    );
    const tail = rows.at(-1);
    const key = tail?.page_key;
    const last =
      tail && rows.length === q.limit ? { value: key instanceof Date ? key.toISOString() : String(key), id: String(tail.id) } : null;
    return { jobs: rows.map(toJobEntity), last };
  }
}
