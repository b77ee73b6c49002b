import { JobClock, OTHER_STATUS_KEY, StoredStatus } from '../../domain/src/index.js';
import type { JobEntity } from './entities/index.js';

/** The stored status of a job row: the code, plus the custom text for OTH. */
export function storedStatus(job: Pick<JobEntity, 'status' | 'extendedProperties'>): StoredStatus {
  const other = job.extendedProperties?.[OTHER_STATUS_KEY];
  return { code: job.status, other: typeof other === 'string' ? other : null };
}

/** What the transition rules need to know of a job row. */
export function jobClock(job: JobEntity): JobClock {
  return { status: storedStatus(job), startTime: job.startTime, completionTime: job.completionTime };
}
