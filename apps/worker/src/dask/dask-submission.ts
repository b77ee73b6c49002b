import type { JobAction } from '../../../../libs/contracts/src/index.js';
import { isFinished } from '../../../../libs/domain/src/index.js';
import { JobPatch, SchedulerEntity, storedStatus } from '../../../../libs/persistence/src/index.js';
import { PermanentFailure } from '../../../../libs/queue/src/index.js';
import { DaskBridgeError, type DaskTask } from '../../../../libs/schedulers/src/index.js';
import { deleteJobRecord } from '../common/delete-job.js';
import { stillApplies } from '../common/still-applies.js';
import type { ActionContext } from '../runtime/action-context.js';
import type { ActionHandler } from '../runtime/job-type-module.js';
import type { DaskCluster } from './dask-cluster.js';
import { clearResults } from './dask-job-files.js';
import { daskRuntime, newAttemptRuntime } from './dask-runtime.js';
import type { DaskTracker } from './dask-tracker.js';

/**
 * Submission failures that retrying cannot fix. An unreachable scheduler is
 * one: the Dask client already retried for the scheduler's whole timeout, so
 * the job ends in Error with the reason at once (and can be resubmitted)
 * rather than sitting in Pending through minutes of backoff.
 */
const PERMANENT = new Set(['ConnectionError', 'BadRequest', 'InvalidSettings']);

const RUNNING_ON_MESSAGE =
  'stopped; the function was already running, and Dask cannot interrupt it: it runs to its end on its worker and its result is discarded';

/** execute, resubmit, stop, delete, refresh (and the pause/resume the API refuses) for DASK jobs. */
export function taskHandlers(cluster: DaskCluster, tracker: DaskTracker): Record<Exclude<JobAction, 'process-results'>, ActionHandler> {
  /** Submits the next attempt under its deterministic key; a redelivered execute adopts what it submitted before. */
  async function submitNextAttempt(ctx: ActionContext, patch: JobPatch = {}): Promise<void> {
    const job = ctx.job;
    const attempt = job.attempt + 1;
    const scheduler = await cluster.schedulerOf(job);
    const key = cluster.backend.keyOf(job.id, attempt);
    const submitted = await cluster.backend.submit(scheduler, key, taskOf(job.spec)).catch((err: unknown) => {
      throw submitError(err, scheduler);
    });
    const message = submitted.existing ? `adopted Dask task ${key}, left by an interrupted submission` : `submitted to Dask as ${key}`;
    const runtime = newAttemptRuntime(key);
    if (await ctx.moveTo({ code: 'SUB' }, { ...patch, executeTime: new Date(), attempt, statusMessage: null, runtime }, message)) {
      await tracker.recorded(key);
    } else {
      // The job changed meanwhile (e.g. a status set by the app): its task must not run untracked.
      await cluster.backend.cancel(scheduler, key);
    }
  }

  /** Lets the cluster drop the current attempt's task and result. */
  async function releaseTask(ctx: ActionContext): Promise<void> {
    const { daskKey, released } = daskRuntime(ctx.job);
    if (!daskKey || released) return;
    await cluster.backend.release(await cluster.schedulerOf(ctx.job), daskKey);
    await ctx.record({ runtime: { released: true } });
  }

  return {
    async execute(ctx) {
      if (await stillApplies(ctx, 'execute')) await submitNextAttempt(ctx);
    },
    async resubmit(ctx) {
      if (!(await stillApplies(ctx, 'resubmit'))) return;
      await releaseTask(ctx);
      await cluster.keepLogs(ctx.job);
      await clearResults(ctx.job);
      await submitNextAttempt(ctx, { startTime: null, completionTime: null, result: null });
    },
    async stop(ctx) {
      if (!(await stillApplies(ctx, 'stop'))) return;
      const key = daskRuntime(ctx.job).daskKey;
      let message = 'stopped';
      let clusterLogs: string | null = null;
      if (key) {
        const scheduler = await cluster.schedulerOf(ctx.job);
        clusterLogs = await cluster.logSnapshot(ctx.job, scheduler);
        // Recorded first, so the task's disappearance is read as this stop, not as a lost task.
        await ctx.record({ runtime: { cancelRequested: key } });
        if ((await cluster.backend.cancel(scheduler, key)).mayStillRun) message = RUNNING_ON_MESSAGE;
      }
      await ctx.moveTo({ code: 'ABT' }, { statusMessage: message, runtime: { released: true, clusterLogs } }, message);
    },
    async delete(ctx) {
      await releaseTask(ctx);
      await deleteJobRecord(ctx);
      await cluster.releaseLogs(ctx.job);
    },
    async refresh(ctx) {
      const key = daskRuntime(ctx.job).daskKey;
      if (key && !isFinished(storedStatus(ctx.job), ctx.custom)) {
        const report = (await cluster.backend.states(await cluster.schedulerOf(ctx.job), [key])).get(key);
        if (report) await tracker.apply(ctx.job.id, key, report);
      }
      await ctx.done();
    },
    // The API refuses both (Dask cannot pause a task); an entry from elsewhere changes nothing.
    pause: (ctx) => ctx.done(),
    resume: (ctx) => ctx.done(),
  };
}

function taskOf(spec: Record<string, unknown>): DaskTask {
  const { callable, args, kwargs, resources, priority, retries } = spec as unknown as DaskTask;
  return { callable, args, kwargs, resources, priority, retries };
}

function submitError(err: unknown, scheduler: SchedulerEntity): Error {
  if (err instanceof DaskBridgeError && PERMANENT.has(err.type)) {
    return new PermanentFailure(`Dask scheduler "${scheduler.name}": ${err.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}
