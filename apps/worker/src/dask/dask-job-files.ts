import { promises as fs } from 'node:fs';
import path from 'node:path';
import { jobDirectory } from '../../../../libs/domain/src/index.js';
import type { JobEntity } from '../../../../libs/persistence/src/index.js';
import type { DaskLogs } from '../../../../libs/schedulers/src/index.js';

/**
 * Files a DASK job leaves in its own directory, where `GET .../logs` and
 * `GET .../results` read them: logs per attempt (so a resubmit keeps the
 * earlier ones), results of the latest attempt.
 */
export function logDirectory(job: JobEntity): string {
  return path.join(jobDirectory(job.workspace, job.id), 'logs', `attempt-${job.attempt}`);
}

export function resultsDirectory(job: JobEntity): string {
  return path.join(jobDirectory(job.workspace, job.id), 'results');
}

/** The exception and traceback of a task that raised (or of a failed results-processing callable). */
export async function writeTraceback(job: JobEntity, name: string, exception: string, traceback: string): Promise<void> {
  await write(job, name, `${exception}\n\n${traceback}`.trimEnd() + '\n');
}

/** The files the cluster's logs are kept in: one for the scheduler, one per worker. */
export function clusterLogFiles(logs: DaskLogs): [name: string, text: string][] {
  const files: [string, string][] = [['dask-scheduler.log', logs.scheduler]];
  for (const [address, text] of Object.entries(logs.workers)) {
    files.push([`dask-worker-${address.replace(/^\w+:\/\//, '').replace(/[^\w.-]+/g, '_')}.log`, text]);
  }
  return files.map(([name, text]) => [name, text.endsWith('\n') || text === '' ? text : `${text}\n`]);
}

/** Why the cluster logs could not be read, in place of them. */
export async function writeLogsUnavailable(job: JobEntity, reason: string): Promise<void> {
  await write(job, 'dask-logs-unavailable.txt', `${reason}\n`);
}

/** Removes the result files of an earlier attempt before a resubmit. */
export async function clearResults(job: JobEntity): Promise<void> {
  await fs.rm(resultsDirectory(job), { recursive: true, force: true });
}

async function write(job: JobEntity, name: string, text: string): Promise<void> {
  const dir = logDirectory(job);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, name), text);
}
