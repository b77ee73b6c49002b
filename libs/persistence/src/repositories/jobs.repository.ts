import { DataSource, EntityManager } from 'typeorm';
import type { JobType, Viewer } from '../../../domain/src/index.js';
import type { JobAction, QueueName } from '../../../contracts/src/index.js';
import { JobEntity, OutboxEntity } from '../entities/index.js';
import { outboxFromRow } from './outbox.repository.js';
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

export interface JobPage {
  jobs: JobEntity[];
  /** Sort value and id of the last row, when there may be more rows. */
  last: { value: string; id: string } | null;
}

/** Reads of jobs, always through the viewer's visibility. */
export class JobsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Creates a job with its groups, its `created` event and (optionally) its
   * first action, in one statement; `{id}` in the name becomes the id (for
   * every job type). Pass `m` to create it inside a transaction.
   */
  async create(
    job: NewJob,
    firstAction: { queue: QueueName; action: JobAction } | null,
    m: EntityManager = this.ds.manager,
  ): Promise<{ job: JobEntity; outbox: OutboxEntity[] }> {
    const [row] = await m.query(
      `WITH n AS (SELECT nextval(pg_get_serial_sequence('jobs', 'id')) AS id),
       j AS (
         INSERT INTO jobs (id, name, description, user_id, label, job_type, workspace, extended_properties,
           process_results_function, spec, scheduler_id)
         SELECT n.id, replace($1, '{id}', n.id::text), $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM n
         RETURNING *),
       g AS (
         INSERT INTO job_groups (job_id, group_name, label, creation_time)
         SELECT j.id, grp, j.label, j.creation_time FROM j, unnest($11::text[]) grp),
       e AS (
         INSERT INTO job_events (job_id, label, user_id, groups, type, to_status, status)
         SELECT j.id, j.label, j.user_id, $11::text[], 'created', j.status, 'Pending' FROM j),
       o AS (
         INSERT INTO outbox (job_id, queue, action, enqueued_at)
         SELECT j.id, $12::text, $13::text, now() FROM j WHERE $12::text IS NOT NULL
         RETURNING *)
       SELECT row_to_json(j) AS job, (SELECT row_to_json(o) FROM o) AS outbox FROM j`,
      [job.name, job.description, job.userId, job.label, job.jobType, job.workspace, job.extendedProperties,
        job.processResultsFunction, job.spec, job.schedulerId, job.groups, firstAction?.queue ?? null, firstAction?.action ?? null],
    );
    const created = toJobEntity({
      ...row.job,
      creation_time: new Date(row.job.creation_time),
      group_names: [...job.groups].sort(),
    });
    return { job: created, outbox: row.outbox ? [outboxFromRow(row.outbox)] : [] };
  }

  async findVisible(viewer: Viewer, id: string, m: EntityManager = this.ds.manager): Promise<JobEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const params: unknown[] = [];
    const cond = visibleJobsCondition(viewer, params);
    params.push(id);
    const rows = await m.query(`${JOB_SELECT} WHERE ${cond} AND j.id = $${params.length}`, params);
    return rows.length ? toJobEntity(rows[0]) : null;
  }

  /** Loads a job by id whatever its visibility (workers, callbacks). */
  async findById(id: string, m: EntityManager = this.ds.manager): Promise<JobEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    return (await this.load(m, [id]))[0] ?? null;
  }

  /**
   * An action's outbox state and its job, in one query (the worker's first
   * read for every delivery). `job` is null when the job row is gone.
   */
  async forAction(outboxId: string): Promise<{ state: string; job: JobEntity | null } | null> {
    if (!/^\d{1,18}$/.test(outboxId)) return null;
    const [row] = await this.ds.query(
      `SELECT o.state AS outbox_state, j.*,
         COALESCE((SELECT array_agg(g.group_name ORDER BY g.group_name) FROM job_groups g WHERE g.job_id = j.id), '{}') AS group_names
       FROM outbox o LEFT JOIN jobs j ON j.id = o.job_id WHERE o.id = $1`,
      [outboxId],
    );
    if (!row) return null;
    return { state: row.outbox_state, job: row.id === null ? null : toJobEntity(row) };
  }

  async list(q: JobListQuery): Promise<JobPage> {
    const built = buildJobListSql(q);
    if (!built) return { jobs: [], last: null };
    const rows: { id: string; k: Date | string }[] = await this.ds.query(built.sql, built.params);
    const jobs = await this.load(this.ds.manager, rows.map((r) => String(r.id)));
    const tail = rows.at(-1);
    const last =
      tail && rows.length === q.limit
        ? { value: tail.k instanceof Date ? tail.k.toISOString() : String(tail.k), id: String(tail.id) }
        : null;
    return { jobs, last };
  }

  /** Loads jobs with their groups, in the order of `ids`. */
  private async load(m: EntityManager, ids: string[]): Promise<JobEntity[]> {
    if (ids.length === 0) return [];
    const rows: Record<string, unknown>[] = await m.query(`${JOB_SELECT} WHERE j.id = ANY($1::bigint[])`, [ids]);
    const byId = new Map(rows.map((r) => [String(r.id), toJobEntity(r)]));
    return ids.map((id) => byId.get(id)).filter((j): j is JobEntity => j !== undefined);
  }
}
