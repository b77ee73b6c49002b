import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { jobDirectory } from '../../../../libs/domain/src/index.js';
import type { JobPatch } from '../../../../libs/persistence/src/index.js';
import { condorSubmitting, type CondorRuntime, type CondorSubmitting } from '../../../../libs/schedulers/src/index.js';
import { stillApplies } from '../common/still-applies.js';
import type { ActionContext } from '../runtime/action-context.js';
import { backendJob, hopeless, type CondorServices } from './condor-services.js';

/** execute: submit the first attempt (Pending → Submitted). */
export async function executeCondorJob(ctx: ActionContext, condor: CondorServices): Promise<void> {
  if (!(await stillApplies(ctx, 'execute'))) return;
  await submitAttempt(ctx, condor, { executeTime: new Date(), statusMessage: null });
}

/**
 * resubmit: remove the previous attempt from the scheduler (its jobs and
 * remote directory) and the outputs synced from it, then submit a new
 * attempt with a new token.
 */
export async function resubmitCondorJob(ctx: ActionContext, condor: CondorServices): Promise<void> {
  if (!(await stillApplies(ctx, 'resubmit'))) return;
  const scheduler = await condor.schedulerOf(ctx.job);
  // only the previous attempt: a token recorded by an interrupted try of this resubmit may already be a live submission
  await hopeless(() => condor.backend.cleanup(backendJob(ctx.job, { submitting: null }), scheduler));
  const dir = jobDirectory(ctx.job.workspace, ctx.job.id);
  await Promise.all(['results', 'logs'].map((sub) => rm(path.join(dir, sub), { recursive: true, force: true })));
  await submitAttempt(ctx, condor, {
    executeTime: new Date(), startTime: null, completionTime: null, statusMessage: null, resultsAttempts: 0, result: null,
  });
}

/**
 * Records the attempt's token before anything reaches the scheduler, so a
 * redelivery after a crash reuses it and adopts what was submitted.
 */
async function submitAttempt(ctx: ActionContext, condor: CondorServices, patch: JobPatch): Promise<void> {
  const scheduler = await condor.schedulerOf(ctx.job);
  const attempt = ctx.job.attempt + 1;
  const recorded = condorSubmitting(ctx.job.runtime);
  let submitting: CondorSubmitting;
  if (recorded?.attempt === attempt) {
    submitting = { ...recorded, retry: true };
  } else {
    submitting = { attempt, token: `j${ctx.job.id}a${attempt}-${randomBytes(6).toString('hex')}`, retry: false };
    await ctx.record({ runtime: { submitting } });
  }
  const runtime = (await hopeless(() => condor.backend.submit(backendJob(ctx.job, { submitting }), scheduler))) as unknown as CondorRuntime;
  const how = runtime.adopted ? 'found on the scheduler after an interrupted submission' : 'submitted';
  await ctx.moveTo({ code: 'SUB' }, { ...patch, attempt, runtime: { ...runtime, submitting: null } }, `${how} as cluster ${runtime.clusterId}`);
}
