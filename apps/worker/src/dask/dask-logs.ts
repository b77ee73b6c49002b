import type { LogsReply } from '../../../../libs/contracts/src/index.js';
import { JobsRepository } from '../../../../libs/persistence/src/index.js';
import { daskTaskOnCluster } from '../../../../libs/schedulers/src/index.js';
import type { DaskCluster } from './dask-cluster.js';
import { clusterLogFiles } from './dask-job-files.js';

/**
 * Answers the API's request for the logs of a DASK job whose task is on the
 * cluster: the scheduler's and each worker's log as they are now, listed
 * under the current attempt (`attempt-N/...`) like those kept when it ends.
 * A job that has ended meanwhile has none here: its logs are its own files.
 */
export async function daskLogs(cluster: DaskCluster, jobs: JobsRepository, jobId: string, path: string | null): Promise<LogsReply> {
  const job = await jobs.findById(jobId);
  const scheduler = job && daskTaskOnCluster(job) ? await cluster.scheduler(job.schedulerId) : null;
  if (!job || !scheduler) return path === null ? { files: [] } : { missing: `job ${jobId} has no logs on a Dask scheduler now` };
  const prefix = `attempt-${job.attempt}/`;
  const files = clusterLogFiles(await cluster.currentLogs(scheduler));
  if (path === null) {
    const modified = new Date().toISOString();
    return { files: files.map(([name, text]) => ({ path: prefix + name, size: Buffer.byteLength(text), modified })) };
  }
  const file = files.find(([name]) => prefix + name === path);
  return file ? { content: file[1] } : { missing: `log file "${path}" of job ${jobId} not found` };
}
