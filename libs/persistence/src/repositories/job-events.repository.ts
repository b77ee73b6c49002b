import { DataSource, EntityManager } from 'typeorm';
import type { StatusCode, Viewer } from '../../../domain/src/index.js';
import { JobEventEntity } from '../entities/index.js';
import { JobEntity } from '../entities/index.js';

export interface NewJobEvent {
  type: JobEventEntity['type'];
  from: StatusCode | null;
  to: StatusCode | null;
  status: string | null;
  message: string | null;
}

/** The append-only `job_events` history, read by SSE streams. */
export class JobEventsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Appends an event carrying the job's owner and groups at that moment. */
  async append(m: EntityManager, job: Pick<JobEntity, 'id' | 'label' | 'userId'>, e: NewJobEvent): Promise<void> {
    await m.query(
      `INSERT INTO job_events (job_id, label, user_id, groups, type, from_status, to_status, status, message)
       SELECT $1, $2, $3, COALESCE((SELECT array_agg(group_name) FROM job_groups WHERE job_id = $1), '{}'),
              $4, $5, $6, $7, $8`,
      [job.id, job.label, job.userId, e.type, e.from, e.to, e.status, e.message],
    );
  }

  /** Events after `afterId` the viewer may see, oldest first. */
  async visibleAfter(viewer: Viewer, afterId: string, limit: number): Promise<JobEventEntity[]> {
    const params: unknown[] = [viewer.label, afterId, limit];
    let cond = '';
    if (!viewer.all) {
      params.push(viewer.user ?? '', viewer.groups);
      cond = `AND (e.user_id = $4 OR e.groups && $5::text[])`;
    }
    const rows = await this.ds.query(
      `SELECT * FROM job_events e WHERE e.label = $1 AND e.id > $2 ${cond} ORDER BY e.id LIMIT $3`,
      params,
    );
    return rows.map((r: Record<string, unknown>) =>
      Object.assign(new JobEventEntity(), {
        id: String(r.id),
        jobId: String(r.job_id),
        label: r.label,
        userId: r.user_id,
        groups: r.groups,
        type: r.type,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        status: r.status,
        message: r.message,
        at: r.at,
      }),
    );
  }

  async lastId(label: string): Promise<string> {
    const [row] = await this.ds.query(`SELECT COALESCE(max(id), 0) AS id FROM job_events WHERE label = $1`, [label]);
    return String(row.id);
  }

  async forJob(jobId: string): Promise<JobEventEntity[]> {
    return this.ds.getRepository(JobEventEntity).find({ where: { jobId }, order: { id: 'ASC' } });
  }
}
