import {
  CustomStatuses,
  RESULTS_READY_CODES,
  StatusCode,
  StoredStatus,
  displayStatus,
  inCategory,
} from './status.js';

/**
 * Finished: a terminal status, built in or a custom one the app classified as
 * terminal. An unclassified custom status is not finished.
 */
export function isFinished(s: StoredStatus, custom?: CustomStatuses): boolean {
  return inCategory(s, 'terminal', custom);
}

/** Timestamp fields a transition may set or clear. */
export interface TimePatch {
  startTime?: Date | null;
  completionTime?: Date | null;
}

/** A status change to apply with a compare-and-set on the current status. */
export interface TransitionPlan {
  from: StoredStatus;
  to: StoredStatus;
  times: TimePatch;
  /** Results must be collected and processed before the job is Complete. */
  processResults: boolean;
}

export type PlanOutcome = { kind: 'apply'; plan: TransitionPlan } | { kind: 'ignore'; reason: string };

export interface JobClock {
  status: StoredStatus;
  startTime: Date | null;
  completionTime: Date | null;
}

export interface PlanOptions {
  /** Whether this job type collects or processes results after the scheduler finishes. */
  hasResultsStep: boolean;
  custom?: CustomStatuses;
  now?: Date;
}

function sameStatus(a: StoredStatus, b: StoredStatus): boolean {
  return a.code === b.code && (a.code !== 'OTH' || (a.other ?? null) === (b.other ?? null));
}

/**
 * The rules of Tethys' `update_status`, as a plan:
 * - start time when a pre-running job starts running;
 * - Complete / Various-Complete / Results-Ready lead to results processing, which ends Complete;
 * - Error and Aborted set the completion time.
 */
function plan(job: JobClock, to: StoredStatus, opts: PlanOptions): TransitionPlan {
  const now = opts.now ?? new Date();
  const times: TimePatch = {};
  const wasPreRunning = inCategory(job.status, 'pre-running', opts.custom);
  if (wasPreRunning && inCategory(to, 'running', opts.custom) && !job.startTime) times.startTime = now;
  let target = to;
  let processResults = false;
  if (RESULTS_READY_CODES.includes(to.code)) {
    if (opts.hasResultsStep) {
      processResults = true;
      if (to.code === 'COM') target = { code: 'RES' };
    } else {
      target = { code: 'COM' };
      times.completionTime = now;
    }
  } else if (to.code === 'ERR' || to.code === 'ABT') {
    times.completionTime = now;
  } else if (inCategory(to, 'terminal', opts.custom)) {
    times.completionTime = now;
  }
  return { from: job.status, to: target, times, processResults };
}

/**
 * A status reported by a scheduler, an event log or a status callback.
 * Reports never revive a finished job, whatever order they arrive in.
 * Unlike Tethys, a job showing an unclassified custom status still follows
 * its scheduler, so it cannot be stranded.
 */
export function planReport(job: JobClock, reported: StoredStatus, opts: PlanOptions): PlanOutcome {
  if (isFinished(job.status, opts.custom)) {
    return { kind: 'ignore', reason: `job is already ${displayStatus(job.status)}` };
  }
  if (sameStatus(job.status, reported)) return { kind: 'ignore', reason: 'status unchanged' };
  return { kind: 'apply', plan: plan(job, reported, opts) };
}

/**
 * A status set explicitly by the app (PATCH). Allowed while the job is not
 * finished; a finished job is changed by resubmitting it.
 */
export function planManual(job: JobClock, requested: StoredStatus, opts: PlanOptions): PlanOutcome {
  if (isFinished(job.status, opts.custom)) {
    return {
      kind: 'ignore',
      reason: `job is ${displayStatus(job.status)}, a finished status; resubmit it to run it again`,
    };
  }
  if (sameStatus(job.status, requested)) return { kind: 'ignore', reason: 'status unchanged' };
  return { kind: 'apply', plan: plan(job, requested, opts) };
}

/**
 * A status change caused by a user action the worker carries out (stop,
 * pause, resume, resubmit...). The action's enable rule was checked when it
 * was requested and again by the handler, so no finished-job guard here.
 */
export function planForAction(job: JobClock, to: StoredStatus, opts: PlanOptions): TransitionPlan {
  return plan(job, to, opts);
}

/** Results were processed: Results-Ready or Various-Complete becomes Complete. */
export function planResultsDone(job: JobClock, now = new Date()): PlanOutcome {
  if (job.status.code !== 'RES' && job.status.code !== 'VCP') {
    return { kind: 'ignore', reason: `job is ${displayStatus(job.status)}, not waiting for results` };
  }
  return {
    kind: 'apply',
    plan: { from: job.status, to: { code: 'COM' }, times: { completionTime: now }, processResults: false },
  };
}

/** Results processing failed for good: the job ends in Error with the reason. */
export function planResultsFailed(job: JobClock, now = new Date()): PlanOutcome {
  if (job.status.code !== 'RES' && job.status.code !== 'VCP') {
    return { kind: 'ignore', reason: `job is ${displayStatus(job.status)}, not waiting for results` };
  }
  return {
    kind: 'apply',
    plan: { from: job.status, to: { code: 'ERR' }, times: { completionTime: now }, processResults: false },
  };
}

/** Seconds between start (or execute) and completion (or now); null when never run. */
export function runTimeSeconds(
  t: { startTime: Date | null; executeTime: Date | null; completionTime: Date | null },
  now = new Date(),
): number | null {
  const start = t.startTime ?? t.executeTime;
  if (!start) return null;
  const end = t.completionTime ?? now;
  return Math.max(0, Math.floor((end.getTime() - start.getTime()) / 1000));
}

export type { StatusCode };
