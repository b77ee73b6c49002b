import type { LogsReply } from '../../../../libs/contracts/src/index.js';
import { JobsRepository } from '../../../../libs/persistence/src/index.js';
import { BackendRejection, condorRuntime } from '../../../../libs/schedulers/src/index.js';
import { backendJob, type CondorServices } from './condor-services.js';

/** Answers the API's request for the logs of a job while they are on the scheduler. */
export async function condorLogs(condor: CondorServices, jobId: string, path: string | null): Promise<LogsReply> {
  const job = await new JobsRepository(condor.ds).findById(jobId);
  if (!job || !condorRuntime(job.runtime)?.logsOnScheduler) return { missing: `job ${jobId} has no logs on a scheduler; ask again` };
  try {
    const scheduler = await condor.schedulerOf(job);
    if (path === null) {
      const files = await condor.backend.listLogs(backendJob(job), scheduler);
      return { files: files.map(({ path: p, size, modified }) => ({ path: p, size, modified })) };
    }
    return { content: await condor.backend.readLog(backendJob(job), scheduler, path) };
  } catch (err) {
    if (err instanceof BackendRejection) return { missing: err.message };
    throw err;
  }
}
