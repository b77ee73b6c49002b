import { DataSource, EntityManager, In } from 'typeorm';
import type { JobType, Viewer } from '../../../domain/src/index.js';
import { JobEntity } from '../entities/index.js';
import { buildJobListSql, JobListQuery } from './job-list.query.js';
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

  /** Inserts the job and its groups; `{id}` in the name becomes the id (for every job type). */
  async insert(m: EntityManager, job: NewJob): Promise<JobEntity> {
    const [row] = await m.query(
      `INSERT INTO jobs (name, description, user_id, label, job_type, workspace, extended_properties,
         process_results_function, spec, scheduler_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, creation_time`,
      [job.name, job.description, job.userId, job.label, job.jobType, job.workspace,
        job.extendedProperties, job.processResultsFunction, job.spec, job.schedulerId],
    );
    const id = String(row.id);
    if (job.name.includes('{id}')) {
      await m.query(`UPDATE jobs SET name = replace(name, '{id}', $2) WHERE id = $1`, [id, id]);
    }
    for (const group of job.groups) {
      await m.query(
        `INSERT INTO job_groups (job_id, group_name, label, creation_time) VALUES ($1, $2, $3, $4)`,
        [id, group, job.label, row.creation_time],
      );
    }
    return (await this.load(m, [id]))[0];
  }

  async findVisible(viewer: Viewer, id: string, m: EntityManager = this.ds.manager): Promise<JobEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const params: unknown[] = [];
    const cond = visibleJobsCondition(viewer, params);
    params.push(id);
    const rows: { id: string }[] = await m.query(`SELECT j.id FROM jobs j WHERE ${cond} AND j.id = $${params.length}`, params);
    if (rows.length === 0) return null;
    return (await this.load(m, [id]))[0] ?? null;
  }

  /** Loads a job by id whatever its visibility (workers, callbacks). */
  async findById(id: string, m: EntityManager = this.ds.manager): Promise<JobEntity | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    return (await this.load(m, [id]))[0] ?? null;
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
    const found = await m.getRepository(JobEntity).find({ where: { id: In(ids) }, relations: { groups: true } });
    const byId = new Map(found.map((j) => [j.id, j]));
    return ids.map((id) => byId.get(id)).filter((j): j is JobEntity => j !== undefined);
  }
}
