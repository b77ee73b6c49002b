import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { jobDirectory } from '../../../../libs/domain/src/index.js';
import type { JobPatch } from '../../../../libs/persistence/src/index.js';
import {
  actOnDagman, cleanupWorkflow, dagmanQueued, REMOTE_ROOT, rescuePoint, submitWorkflow, workflowRuntime, workflowSubmitting,
  type EventLogOffsets, type WorkflowSubmitting,
} from '../../../../libs/schedulers/src/index.js';
import { stillApplies } from '../common/still-applies.js';
import type { ActionContext } from '../runtime/action-context.js';
import { hopeless } from '../condor/condor-services.js';
import type { WorkflowServices } from './workflow-services.js';

/** Where an attempt runs: a new workflow directory, or the previous run's, continued from its rescue DAG. */
interface RunPlan {
  remoteDir: string | null;
  rescue: boolean;
  eventLogOffsets: EventLogOffsets;
}

const FRESH: RunPlan = { remoteDir: null, rescue: false, eventLogOffsets: { dagman: 0, nodes: 0 } };

/** execute: submit the DAG (Pending → Submitted). */
export async function executeWorkflow(ctx: ActionContext, wf: WorkflowServices): Promise<void> {
  if (!(await stillApplies(ctx, 'execute'))) return;
  await submitAttempt(ctx, wf, FRESH, { executeTime: new Date(), statusMessage: null });
}

/**
 * resubmit: once the previous DAGMan job has left the queue, run again
 * from its rescue DAG when it left one (completed nodes are not run
 * again, and keep their state), otherwise remove the previous run from
 * the scheduler and start afresh. Outputs synced from the previous run
 * are removed either way.
 */
export async function resubmitWorkflow(ctx: ActionContext, wf: WorkflowServices): Promise<void> {
  if (!(await stillApplies(ctx, 'resubmit'))) return;
  const patch: JobPatch = { executeTime: new Date(), startTime: null, completionTime: null, statusMessage: null, resultsAttempts: 0, result: null };
  if (workflowSubmitting(ctx.job.runtime)?.attempt === ctx.job.attempt + 1) return submitAttempt(ctx, wf, FRESH, patch); // decided before a crash
  const previous = workflowRuntime(ctx.job.runtime);
  let plan = FRESH;
  if (previous) {
    const runner = wf.runnerOf(await wf.schedulerOf(ctx.job));
    if (await hopeless(() => dagmanQueued(runner, previous))) {
      await hopeless(() => actOnDagman(runner, 'condor_rm', previous));
      throw new Error(`the previous DAGMan job ${previous.clusterId} is still leaving the queue; resubmitting once it is gone`);
    }
    const point = await hopeless(() => rescuePoint(runner, previous));
    if (point.rescue) plan = { remoteDir: previous.remoteDir, ...point };
    else await hopeless(async () => cleanupWorkflow(runner, await wf.load(ctx.job, { submitting: null })));
  }
  await wf.ds.transaction((m) => wf.nodes.reset(m, ctx.job.id, plan.rescue));
  const dir = jobDirectory(ctx.job.workspace, ctx.job.id);
  await Promise.all(['results', 'logs'].map((sub) => rm(path.join(dir, sub), { recursive: true, force: true })));
  await submitAttempt(ctx, wf, plan, patch);
}

/**
 * Records the attempt's token and plan before anything reaches the
 * scheduler, so a redelivery after a crash reuses them and adopts the DAG
 * an interrupted delivery submitted instead of submitting a second one.
 */
async function submitAttempt(ctx: ActionContext, wf: WorkflowServices, plan: RunPlan, patch: JobPatch): Promise<void> {
  const scheduler = await wf.schedulerOf(ctx.job);
  const attempt = ctx.job.attempt + 1;
  const recorded = workflowSubmitting(ctx.job.runtime);
  let submitting: WorkflowSubmitting;
  if (recorded?.attempt === attempt) {
    submitting = { ...recorded, retry: true };
  } else {
    const token = `j${ctx.job.id}a${attempt}-${randomBytes(6).toString('hex')}`;
    const { remoteDir, rescue, eventLogOffsets } = plan;
    submitting = { attempt, token, remoteDir: remoteDir ?? `${REMOTE_ROOT}/${token}`, rescue, eventLogOffsets, retry: false };
    await ctx.record({ runtime: { submitting } });
  }
  const job = await wf.load(ctx.job, { submitting });
  const runtime = await hopeless(() => submitWorkflow(wf.runnerOf(scheduler), job, submitting));
  const how = `${runtime.adopted ? 'found on the scheduler after an interrupted submission' : 'submitted'}${runtime.rescue ? ' from its rescue DAG' : ''}`;
  await ctx.moveTo({ code: 'SUB' }, { ...patch, attempt, runtime: { ...runtime, submitting: null } }, `DAG ${how} as DAGMan job ${runtime.clusterId}`);
}
