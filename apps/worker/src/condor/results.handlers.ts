import { Logger } from '@nestjs/common';
import { planResultsDone } from '../../../../libs/domain/src/index.js';
import { jobClock } from '../../../../libs/persistence/src/index.js';
import { condorRuntime, condorSubmitting } from '../../../../libs/schedulers/src/index.js';
import { deleteJobRecord } from '../common/delete-job.js';
import type { ActionContext } from '../runtime/action-context.js';
import { backendJob, hopeless, type CondorServices } from './condor-services.js';

const logger = new Logger('CondorResults');
const RETRYING = 'collecting results failed';

/**
 * process-results (Results-Ready or Various-Complete): copy the remote job
 * directory into the job's own directory, then Complete, then free the
 * scheduler (condorpy's close_remote).
 */
export async function processCondorResults(ctx: ActionContext, condor: CondorServices): Promise<void> {
  if (ctx.job.status !== 'RES' && ctx.job.status !== 'VCP') return ctx.done();
  const scheduler = await condor.schedulerOf(ctx.job);
  await collectResults(
    ctx,
    () => condor.backend.fetchOutputs(backendJob(ctx.job), scheduler),
    () => condor.backend.cleanup(backendJob(ctx.job, { submitting: null }), scheduler),
  );
}

/**
 * The results step of HTCondor job types: `fetch` copies outputs, then the
 * job is Complete, then `release` frees the scheduler. A failed copy is
 * retried and shown in the status message meanwhile; the last failure ends
 * in Error.
 */
export async function collectResults(ctx: ActionContext, fetch: () => Promise<void>, release: () => Promise<void>): Promise<void> {
  try {
    await hopeless(fetch);
  } catch (err) {
    const statusMessage = `${RETRYING} (try ${ctx.attempt}), will retry: ${(err as Error).message}`.slice(0, 2000);
    await ctx.record({ statusMessage, resultsAttempts: ctx.job.resultsAttempts + 1 });
    throw err;
  }
  const outcome = planResultsDone(jobClock(ctx.job));
  if (outcome.kind === 'ignore') return ctx.done();
  const clearMessage = ctx.job.statusMessage?.startsWith(RETRYING) ? { statusMessage: null } : {};
  const applied = await ctx.apply(outcome.plan, { ...clearMessage, runtime: { logsOnScheduler: false } }, 'outputs copied from the scheduler');
  if (!applied) return;
  await release().catch((err: Error) =>
    logger.warn(`job ${ctx.job.id}: outputs copied, but the remote directory stays until the job is deleted: ${err.message}`),
  );
}

/** delete: the job's jobs and directories on the scheduler, then its own local files, then the row. */
export async function deleteCondorJob(ctx: ActionContext, condor: CondorServices): Promise<void> {
  const onScheduler = condorRuntime(ctx.job.runtime) ?? condorSubmitting(ctx.job.runtime);
  const scheduler = onScheduler && ctx.job.schedulerId ? await condor.schedulers.findById(ctx.job.schedulerId) : null;
  // a removed scheduler took its jobs' remote files out of reach: only the local ones remain to delete
  if (scheduler) await hopeless(() => condor.backend.cleanup(backendJob(ctx.job), scheduler));
  await deleteJobRecord(ctx);
}
