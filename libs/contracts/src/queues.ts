import type { JobType } from '../../domain/src/index.js';

/**
 * One BullMQ queue per job type. These strings are stored in Redis and in
 * the outbox table: never rename them, only add.
 */
export const QUEUE_BY_JOB_TYPE = {
  BASIC: 'jobs-basic',
  CONDOR: 'jobs-condor',
  CONDORWORKFLOW: 'jobs-condorworkflow',
  DASK: 'jobs-dask',
} as const satisfies Record<JobType, string>;

export type QueueName = (typeof QUEUE_BY_JOB_TYPE)[JobType];
export const QUEUE_NAMES = Object.values(QUEUE_BY_JOB_TYPE) as QueueName[];

/** Worker selection in `JOB_TYPES` uses lower-case job type names. */
export function jobTypeFromWorkerName(name: string): JobType | null {
  const upper = name.trim().toUpperCase();
  return upper in QUEUE_BY_JOB_TYPE ? (upper as JobType) : null;
}
