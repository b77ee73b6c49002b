import { JobEntity, JobGroupEntity } from '../entities/index.js';

/** Columns of a job plus its groups, in one row (no ORM hydration on hot paths). */
export const JOB_SELECT = `SELECT j.*,
  COALESCE((SELECT array_agg(g.group_name ORDER BY g.group_name) FROM job_groups g WHERE g.job_id = j.id), '{}') AS group_names
  FROM jobs j`;

export function toJobEntity(row: Record<string, any>): JobEntity {
  const job = Object.assign(new JobEntity(), {
    id: String(row.id),
    name: row.name,
    description: row.description,
    userId: row.user_id,
    label: row.label,
    jobType: row.job_type,
    creationTime: row.creation_time,
    executeTime: row.execute_time,
    startTime: row.start_time,
    completionTime: row.completion_time,
    workspace: row.workspace,
    extendedProperties: row.extended_properties,
    status: row.status,
    statusMessage: row.status_message,
    processResultsFunction: row.process_results_function,
    resultsAttempts: row.results_attempts,
    spec: row.spec,
    runtime: row.runtime,
    result: row.result,
    schedulerId: row.scheduler_id === null ? null : String(row.scheduler_id),
    attempt: row.attempt,
    deletedAt: row.deleted_at,
  });
  job.groups = ((row.group_names ?? []) as string[]).map((groupName) =>
    Object.assign(new JobGroupEntity(), { jobId: job.id, groupName, label: job.label, creationTime: job.creationTime }),
  );
  return job;
}
