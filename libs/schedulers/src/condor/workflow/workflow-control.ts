import type { CommandRunner } from '../../runner/command-runner.js';
import { actOnJobs, queryJobs, type JobTool } from '../condor-commands.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/**
 * condor_rm, condor_hold or condor_release of the workflow's DAGMan job:
 * removing it removes its node jobs (DAGMan writes a rescue DAG first);
 * holding it stops DAGMan from submitting more nodes while queued node
 * jobs go on. False when there was nothing to act on.
 */
export function actOnDagman(runner: CommandRunner, tool: JobTool, runtime: WorkflowRuntime): Promise<boolean> {
  return actOnJobs(runner, tool, { clusterId: runtime.clusterId });
}

/** Whether the DAGMan job of this attempt is still in the queue (a removed DAGMan takes a moment to write its rescue DAG and exit). */
export async function dagmanQueued(runner: CommandRunner, runtime: WorkflowRuntime): Promise<boolean> {
  return (await queryJobs(runner, 'condor_q', { jobsApiTokens: [runtime.token] })).length > 0;
}
