import type { JobTool } from '../../../../libs/schedulers/src/index.js';
import { actOnDagman, workflowRuntime, type NodeState } from '../../../../libs/schedulers/src/index.js';
import { stillApplies } from '../common/still-applies.js';
import { hopeless } from '../condor/condor-services.js';
import type { ActionContext } from '../runtime/action-context.js';
import type { WorkflowPoller } from './workflow-poller.js';
import type { WorkflowServices } from './workflow-services.js';

const FINISHED_NODE = new Set(['COM', 'ERR', 'ABT']);

/** stop: condor_rm of the DAGMan job (its node jobs go with it) → Aborted, with every unfinished node Aborted too. */
export async function stopWorkflow(ctx: ActionContext, wf: WorkflowServices, poller: WorkflowPoller): Promise<void> {
  if (!(await stillApplies(ctx, 'stop'))) return;
  if (!(await act(ctx, wf, 'condor_rm'))) return refreshWorkflow(ctx, poller);
  const removed = new Map<string, NodeState>();
  for (const node of await wf.nodes.list(ctx.job.id)) {
    if (FINISHED_NODE.has(node.status) && !(node.status === 'ERR' && node.exitCode === null)) continue;
    removed.set(node.name, { status: 'ABT', clusterId: node.clusterId, exitCode: node.exitCode, message: 'removed with the DAG' });
  }
  await wf.nodeWriter.write(ctx.job, removed, true);
  await ctx.moveTo({ code: 'ABT' }, {}, 'DAG removed with condor_rm');
}

/** pause: condor_hold of the DAGMan job → Paused (no new nodes start; queued node jobs go on). */
export async function pauseWorkflow(ctx: ActionContext, wf: WorkflowServices, poller: WorkflowPoller): Promise<void> {
  if (!(await stillApplies(ctx, 'pause'))) return;
  if (await act(ctx, wf, 'condor_hold')) await ctx.moveTo({ code: 'PAS' }, { statusMessage: 'held by the user' }, 'DAGMan held with condor_hold');
  else await refreshWorkflow(ctx, poller);
}

/** resume: condor_release of the DAGMan job → Submitted (DAGMan restarts in recovery mode; the next report says Various). */
export async function resumeWorkflow(ctx: ActionContext, wf: WorkflowServices, poller: WorkflowPoller): Promise<void> {
  if (!(await stillApplies(ctx, 'resume'))) return;
  if (await act(ctx, wf, 'condor_release')) await ctx.moveTo({ code: 'SUB' }, { statusMessage: null }, 'DAGMan released with condor_release');
  else await refreshWorkflow(ctx, poller);
}

/** refresh (status callback URL), and actions that found nothing to act on: one look at this workflow now. */
export async function refreshWorkflow(ctx: ActionContext, poller: WorkflowPoller): Promise<void> {
  if (workflowRuntime(ctx.job.runtime) && ctx.job.schedulerId) await poller.observe(ctx.job.schedulerId, [ctx.job]);
  await ctx.done();
}

async function act(ctx: ActionContext, wf: WorkflowServices, tool: JobTool): Promise<boolean> {
  const runtime = workflowRuntime(ctx.job.runtime);
  if (!runtime) return false;
  const runner = wf.runnerOf(await wf.schedulerOf(ctx.job));
  return hopeless(() => actOnDagman(runner, tool, runtime));
}
