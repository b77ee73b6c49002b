import { planReport } from '../../../../libs/domain/src/index.js';
import { jobClock } from '../../../../libs/persistence/src/index.js';
import { condorRuntime, type BackendStatus, type JobTool } from '../../../../libs/schedulers/src/index.js';
import { stillApplies } from '../common/still-applies.js';
import type { ActionContext } from '../runtime/action-context.js';
import { backendJob, hopeless, type CondorServices } from './condor-services.js';

/** stop: condor_rm → Aborted; a job the schedd no longer has is Aborted too, one that finished meanwhile keeps its outcome. */
export async function stopCondorJob(ctx: ActionContext, condor: CondorServices): Promise<void> {
  if (!(await stillApplies(ctx, 'stop'))) return;
  const result = await act(ctx, condor, 'condor_rm');
  if (result === true || result === undefined || result.code === 'ABT') await ctx.moveTo({ code: 'ABT' }, {}, 'removed with condor_rm');
  else await applyReport(ctx, result, 'condor_rm found nothing to remove; status from the scheduler');
}

/** pause: condor_hold → Paused (Tethys left this a no-op). */
export async function pauseCondorJob(ctx: ActionContext, condor: CondorServices): Promise<void> {
  if (!(await stillApplies(ctx, 'pause'))) return;
  const result = await act(ctx, condor, 'condor_hold');
  if (result === true) await ctx.moveTo({ code: 'PAS' }, { statusMessage: 'held by the user' }, 'held with condor_hold');
  else await applyReport(ctx, result, 'condor_hold found nothing to hold; status from the scheduler');
}

/** resume: condor_release → Submitted (idle until it runs again, which the event log or the poll then reports). */
export async function resumeCondorJob(ctx: ActionContext, condor: CondorServices): Promise<void> {
  if (!(await stillApplies(ctx, 'resume'))) return;
  const result = await act(ctx, condor, 'condor_release');
  if (result === true) await ctx.moveTo({ code: 'SUB' }, { statusMessage: null }, 'released with condor_release');
  else await applyReport(ctx, result, 'condor_release found nothing to release; status from the scheduler');
}

/** refresh (the status callback URL): ask the scheduler for this one job now. */
export async function refreshCondorJob(ctx: ActionContext, condor: CondorServices): Promise<void> {
  if (!condorRuntime(ctx.job.runtime)) return ctx.done();
  const scheduler = await condor.schedulerOf(ctx.job);
  const job = backendJob(ctx.job);
  const status = (await hopeless(() => condor.backend.statusOfMany(scheduler, [job]))).get(job.id);
  await applyReport(ctx, status, 'refreshed from the scheduler');
}

/**
 * Runs the tool on the job's cluster: true when it acted, otherwise (the
 * cluster finished or changed meanwhile) what the scheduler says of the job
 * now, undefined when it does not know it.
 */
async function act(ctx: ActionContext, condor: CondorServices, tool: JobTool): Promise<true | BackendStatus | undefined> {
  const scheduler = await condor.schedulerOf(ctx.job);
  const job = backendJob(ctx.job);
  if (await hopeless(() => condor.backend.act(tool, job, scheduler))) return true;
  return (await hopeless(() => condor.backend.statusOfMany(scheduler, [job]))).get(job.id);
}

async function applyReport(ctx: ActionContext, status: BackendStatus | undefined, source: string): Promise<void> {
  const outcome = status && planReport(jobClock(ctx.job), { code: status.code }, { hasResultsStep: true, custom: ctx.custom });
  if (!status || !outcome || outcome.kind === 'ignore') return ctx.done();
  await ctx.apply(outcome.plan, status.message ? { statusMessage: status.message } : {}, status.message ? `${source}: ${status.message}` : source);
}
