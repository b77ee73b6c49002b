import { isFinished } from '../../../domain/src/index.js';
import { type JobEntity, storedStatus } from '../../../persistence/src/index.js';
import type { BackendStatus } from '../backend.js';
import type { DaskTaskInfo, DaskTaskState, DaskTransitionEvent } from './dask-bridge.types.js';

/** A Dask task's state or end, as a job status (the original left cancelled, erred and lost unmapped). */
export interface DaskReport extends BackendStatus {
  /** Exception and traceback of a task that raised. */
  failure?: { exception: string; traceback: string };
  /** The scheduler no longer has the task although nobody here released or cancelled it. */
  lost?: boolean;
  /** Workers that died while running it (the scheduler ran it again). */
  reruns?: number;
}

const LOST_MESSAGE =
  'Dask lost the task: the scheduler no longer has it (scheduler restarted, or the task was released or cancelled elsewhere)';

const WAITING: Partial<Record<DaskTaskState, string>> = {
  'no-worker': 'waiting: no Dask worker offers the resources this task needs',
};

/** A state read from the scheduler (the batched poll). */
export function reportOfState(info: DaskTaskInfo): DaskReport {
  const reruns = info.reruns ? { reruns: info.reruns } : {};
  switch (info.state) {
    case 'processing':
      return { code: 'RUN', message: withReruns(info.worker && `running on ${info.worker}`, info.reruns), ...reruns };
    case 'memory':
      return { code: 'COM', ...reruns };
    case 'erred':
      return failed(info.exception ?? '', info.traceback ?? '');
    case 'forgotten':
      return { code: 'ERR', message: LOST_MESSAGE, lost: true };
    default:
      return { code: 'SUB', message: withReruns(WAITING[info.state], info.reruns), ...reruns };
  }
}

/** Says that workers died while running the task, so that nobody wonders why it took longer. */
export function rerunsMessage(reruns: number): string {
  return `the Dask worker running this task died ${reruns === 1 ? 'once' : `${reruns} times`} and the scheduler started it again`;
}

function withReruns(message: string | undefined, reruns: number | undefined): string | undefined {
  if (!reruns) return message;
  return message ? `${rerunsMessage(reruns)}; ${message}` : rerunsMessage(reruns);
}

/** An end pushed by the bridge's done callbacks. */
export function reportOfEvent(event: DaskTransitionEvent): DaskReport {
  switch (event.state) {
    case 'finished':
      return { code: 'COM' };
    case 'erred':
      return failed(event.exception ?? '', event.traceback ?? '');
    case 'cancelled':
      return { code: 'ABT', message: 'cancelled on the Dask cluster' };
    case 'lost':
      return { code: 'ERR', message: event.message ? `Dask lost the task: ${event.message}` : LOST_MESSAGE, lost: true };
  }
}

function failed(exception: string, traceback: string): DaskReport {
  return { code: 'ERR', message: `the task raised ${exception}`, failure: { exception, traceback } };
}

/** Whether a DASK job's task is on its cluster now: submitted (a key is recorded) and the job not finished. */
export function daskTaskOnCluster(job: Pick<JobEntity, 'status' | 'extendedProperties' | 'runtime'>): boolean {
  return typeof job.runtime?.daskKey === 'string' && !isFinished(storedStatus(job));
}
