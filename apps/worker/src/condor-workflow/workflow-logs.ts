import type { LogsReply } from '../../../../libs/contracts/src/index.js';
import { JobsRepository } from '../../../../libs/persistence/src/index.js';
import { BackendRejection, listWorkflowLogs, readWorkflowLog, workflowRuntime } from '../../../../libs/schedulers/src/index.js';
import type { WorkflowServices } from './workflow-services.js';

/** Answers the API's request for the logs of a workflow while they are on the scheduler (also after a failed or stopped run). */
export async function workflowLogs(wf: WorkflowServices, jobId: string, path: string | null): Promise<LogsReply> {
  const row = await new JobsRepository(wf.ds).findById(jobId);
  if (!row || !workflowRuntime(row.runtime)?.logsOnScheduler) return { missing: `job ${jobId} has no logs on a scheduler; ask again` };
  try {
    const runner = wf.runnerOf(await wf.schedulerOf(row));
    const [job, clusters] = await Promise.all([wf.load(row), wf.clusters(jobId)]);
    if (path === null) {
      const files = await listWorkflowLogs(runner, job, clusters);
      return { files: files.map(({ path: p, size, modified }) => ({ path: p, size, modified })) };
    }
    return { content: await readWorkflowLog(runner, job, clusters, path) };
  } catch (err) {
    if (err instanceof BackendRejection) return { missing: err.message };
    throw err;
  }
}
