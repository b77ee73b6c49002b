import type { StatusCode } from '../../domain/src/index.js';

/** One status change as streamed to clients (SSE) from `job_events`. */
export interface JobEventDto {
  id: string;
  jobId: string;
  type: 'created' | 'status' | 'deleted' | 'updated';
  from: StatusCode | null;
  to: StatusCode | null;
  status: string | null;
  message: string | null;
  at: string;
}

/** PostgreSQL NOTIFY channel fired for every `job_events` insert. */
export const JOB_EVENTS_CHANNEL = 'job_events';
