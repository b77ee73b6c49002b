import type { ProcessState } from './status-map.js';

/**
 * What a CONDOR job records in its `runtime` once submitted. Paths are
 * relative to the scheduler's base directory (its login directory).
 */
export interface CondorRuntime {
  /** The `+JobsApiToken` of this attempt; also names the remote directory. */
  token: string;
  remoteDir: string;
  clusterId: number;
  /** The job event log, or null when the job has none (`log` unset): then only polling tracks it. */
  eventLog: string | null;
  /** Bytes of the event log already applied, and the process states they led to. */
  eventLogOffset: number;
  processes: ProcessState[];
  /** Logs are read from the scheduler until outputs are synced into the job's directory. */
  logsOnScheduler: boolean;
  /** The cluster was found on the scheduler after a crash mid-submit, instead of submitted again. */
  adopted: boolean;
}

/**
 * Recorded before anything is submitted, so that a retried submission uses
 * the same token and can find what an interrupted one created.
 */
export interface CondorSubmitting {
  attempt: number;
  token: string;
  /** An earlier delivery may have submitted with this token: look it up first. */
  retry: boolean;
}

/** The submitted state in a job's runtime, if it has one. */
export function condorRuntime(runtime: Record<string, unknown>): CondorRuntime | null {
  const r = runtime as Partial<CondorRuntime>;
  return typeof r.clusterId === 'number' && typeof r.token === 'string' && typeof r.remoteDir === 'string' ? (r as CondorRuntime) : null;
}

export function condorSubmitting(runtime: Record<string, unknown>): CondorSubmitting | null {
  const s = runtime.submitting as CondorSubmitting | null | undefined;
  return s && typeof s.token === 'string' && typeof s.attempt === 'number' ? s : null;
}
