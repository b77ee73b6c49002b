import { promises as fs } from 'node:fs';
import { jobDirectory } from '../../../../libs/domain/src/index.js';
import type { JobEntity } from '../../../../libs/persistence/src/index.js';

/** Removes only the job's own directory, never the workspace around it (a bug of the original). */
export async function removeJobFiles(job: JobEntity): Promise<void> {
  await fs.rm(jobDirectory(job.workspace, job.id), { recursive: true, force: true });
}
