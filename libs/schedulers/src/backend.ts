import type { SchedulerEntity } from '../../persistence/src/index.js';

/** What a backend needs to know about a job; it never sees the database. */
export interface BackendJob {
  id: string;
  name: string;
  /** Incremented on each execute/resubmit. */
  attempt: number;
  /** Directory on the worker's machine that holds this job's own files (inputs, synced outputs, logs). */
  jobDir: string;
  /** The job's workspace on the worker's machine; request paths (input files) are relative to it. */
  workspace: string;
  /** Type-specific request fields (validated at creation). */
  spec: Record<string, unknown>;
  /** Backend state recorded so far (cluster id, remote dir, token, offsets...). */
  runtime: Record<string, unknown>;
}

/** A status as a scheduler reports it, mapped to a job status code. */
export interface BackendStatus {
  code: 'SUB' | 'RUN' | 'VAR' | 'PAS' | 'COM' | 'VCP' | 'ERR' | 'ABT';
  message?: string;
  /** Backend state to merge into the job's runtime (e.g. a new event-log offset). */
  runtime?: Record<string, unknown>;
}

/** One entry of a job's log tree. `path` is relative and readable through `readLog`. */
export interface LogEntry {
  group: string;
  kind: string;
  path: string;
  size: number;
  /** ISO time of the last change. */
  modified: string;
}

/**
 * A failure that retrying cannot fix (an input file that is not there, a
 * submit description the scheduler rejects): the action fails at once and
 * the job shows this message.
 */
export class BackendRejection extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendRejection';
  }
}

/**
 * One scheduler backend (Condor, Dask, Slurm...). Every method is idempotent:
 * a redelivered action must not submit twice or fail because the work is done.
 */
export interface JobBackend {
  /** Submit (or adopt an earlier submission of this attempt); returns runtime fields to store. */
  submit(job: BackendJob, scheduler: SchedulerEntity): Promise<Record<string, unknown>>;
  /** Status of many jobs of one scheduler in one batched query. Jobs not found are omitted. */
  statusOfMany(scheduler: SchedulerEntity, jobs: BackendJob[]): Promise<Map<string, BackendStatus>>;
  stop(job: BackendJob, scheduler: SchedulerEntity): Promise<void>;
  hold(job: BackendJob, scheduler: SchedulerEntity): Promise<void>;
  release(job: BackendJob, scheduler: SchedulerEntity): Promise<void>;
  /** Copy outputs and logs into `jobDir`. */
  fetchOutputs(job: BackendJob, scheduler: SchedulerEntity): Promise<void>;
  listLogs(job: BackendJob, scheduler: SchedulerEntity): Promise<LogEntry[]>;
  readLog(job: BackendJob, scheduler: SchedulerEntity, path: string): Promise<string>;
  /** Remove the job from the scheduler and delete its remote files. */
  cleanup(job: BackendJob, scheduler: SchedulerEntity): Promise<void>;
}
