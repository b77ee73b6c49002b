import path from 'node:path';
import { BackendRejection, type LogEntry } from '../../backend.js';
import { execChecked, type CommandRunner } from '../../runner/command-runner.js';
import { statFiles } from '../../runner/remote-files.js';
import { sh } from '../../ssh/shell-quote.js';
import { actOnJobs, queryJobs } from '../condor-commands.js';
import { readLogTail, syncJobDirectory } from '../condor-outputs.js';
import type { WorkflowLogFile } from './workflow-layout.js';
import { nodeToken, workflowRuntime, workflowSubmitting, type WorkflowRuntime } from './workflow-runtime.js';
import { workflowLayout, type WorkflowJob } from './workflow-submit.js';

/** Node name → its latest cluster, for the per-node log files. */
export type NodeClusters = ReadonlyMap<string, number>;

export function submittedWorkflow(job: WorkflowJob): WorkflowRuntime {
  const runtime = workflowRuntime(job.runtime);
  if (!runtime) throw new BackendRejection(`job ${job.id} has not been submitted to HTCondor`);
  return runtime;
}

/**
 * The workflow's log tree (Tethys' `_log_files`): DAGMan's files, then for
 * each node that had a job its event log, output and error.
 */
export function workflowLogFiles(job: WorkflowJob, clusters: NodeClusters): WorkflowLogFile[] {
  const layout = workflowLayout(job);
  return [...layout.workflowLogs(), ...[...clusters].flatMap(([name, cluster]) => layout.nodeLogs(name, cluster))];
}

/** The log files that exist on the scheduler, in one command. */
export async function listWorkflowLogs(runner: CommandRunner, job: WorkflowJob, clusters: NodeClusters): Promise<LogEntry[]> {
  const { remoteDir } = submittedWorkflow(job);
  const files = workflowLogFiles(job, clusters);
  const found = await statFiles(runner, files.map((f) => path.posix.join(remoteDir, f.path)));
  return files.flatMap((f) => {
    const info = found.get(path.posix.join(remoteDir, f.path));
    return info ? [{ ...f, size: info.size, modified: new Date(info.mtimeMs).toISOString() }] : [];
  });
}

/** One log file read on the scheduler (its last bytes); only paths of the log tree. */
export async function readWorkflowLog(runner: CommandRunner, job: WorkflowJob, clusters: NodeClusters, logPath: string): Promise<string> {
  const { remoteDir } = submittedWorkflow(job);
  if (!workflowLogFiles(job, clusters).some((f) => f.path === logPath)) throw new BackendRejection(`"${logPath}" is not a log file of job ${job.id}`);
  return readLogTail(runner, path.posix.join(remoteDir, logPath), logPath);
}

/** The workflow directory into `<jobDir>/results`, its log tree into `<jobDir>/logs`. Safe to repeat. */
export async function fetchWorkflowOutputs(runner: CommandRunner, job: WorkflowJob, clusters: NodeClusters): Promise<void> {
  const { remoteDir } = submittedWorkflow(job);
  await syncJobDirectory(runner, remoteDir, job.jobDir, workflowLogFiles(job, clusters).map((f) => f.path));
}

/**
 * Removes every trace of the workflow from the scheduler: DAGMan jobs of
 * the current and an interrupted attempt, node jobs left behind, and the
 * workflow directory. A removed DAGMan writes its rescue DAG and last
 * lines before it leaves the queue, so the directory goes only once it
 * has left (until then this rejects, to be retried).
 */
export async function cleanupWorkflow(runner: CommandRunner, job: WorkflowJob): Promise<void> {
  const runtime = workflowRuntime(job.runtime);
  const submitting = workflowSubmitting(job.runtime);
  const dirs = new Set([runtime?.remoteDir, submitting?.remoteDir].filter((d): d is string => !!d));
  const dagmans = [runtime?.token, submitting?.token].filter((t): t is string => !!t);
  for (const token of new Set([...dagmans, ...[...dirs].map((d) => nodeToken(path.posix.basename(d)))])) {
    await actOnJobs(runner, 'condor_rm', { token });
  }
  if (dagmans.length && (await queryJobs(runner, 'condor_q', { jobsApiTokens: dagmans })).length > 0) {
    throw new Error(`job ${job.id}: its DAGMan job is still leaving the queue; its directory is removed once it has left`);
  }
  for (const dir of dirs) await execChecked(runner, sh`rm -rf -- ${dir}`);
}
