import {
  cleanupWorkflow, fetchWorkflowOutputs, workflowRuntime, workflowSubmitting,
} from '../../../../libs/schedulers/src/index.js';
import { deleteJobRecord } from '../common/delete-job.js';
import { hopeless } from '../condor/condor-services.js';
import { collectResults } from '../condor/results.handlers.js';
import type { ActionContext } from '../runtime/action-context.js';
import type { WorkflowServices } from './workflow-services.js';

/**
 * process-results (Results-Ready): copy the workflow directory (outputs,
 * DAGMan files, node logs) into the job's directory, Complete, then free
 * the scheduler.
 */
export async function processWorkflowResults(ctx: ActionContext, wf: WorkflowServices): Promise<void> {
  if (ctx.job.status !== 'RES' && ctx.job.status !== 'VCP') return ctx.done();
  const runner = wf.runnerOf(await wf.schedulerOf(ctx.job));
  const job = await wf.load(ctx.job, { submitting: null });
  const clusters = await wf.clusters(ctx.job.id);
  await collectResults(ctx, () => fetchWorkflowOutputs(runner, job, clusters), () => cleanupWorkflow(runner, job));
}

/** delete: the workflow's jobs and directory on the scheduler, then the job's own local files, then the row (nodes cascade). */
export async function deleteWorkflow(ctx: ActionContext, wf: WorkflowServices): Promise<void> {
  const onScheduler = workflowRuntime(ctx.job.runtime) ?? workflowSubmitting(ctx.job.runtime);
  const scheduler = onScheduler && ctx.job.schedulerId ? await wf.schedulers.findById(ctx.job.schedulerId) : null;
  // a removed scheduler took its jobs' remote files out of reach: only the local ones remain to delete
  if (scheduler) {
    const job = await wf.load(ctx.job);
    await hopeless(() => cleanupWorkflow(wf.runnerOf(scheduler), job));
  }
  await deleteJobRecord(ctx);
}
