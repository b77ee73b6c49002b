import { SchedulerEntity } from '../../libs/persistence/src/index.js';
import type { ApiClient } from './http.js';
import type { Stack } from './stack.js';

export const DASK_JOBS = '/api/v1/apps/dask/jobs';

/** Registers a Dask scheduler row directly (what the admin API does). */
export async function addDaskScheduler(stack: Stack, name: string, address: string, settings: Record<string, unknown> = {}): Promise<void> {
  await stack.ds.getRepository(SchedulerEntity).save({ name, kind: 'dask', host: address, settings });
}

/** Creates and executes a DASK job; returns its id. */
export async function runDaskJob(client: ApiClient, fields: Record<string, unknown>): Promise<string> {
  const res = await client.post(DASK_JOBS, { name: 'dask-{id}', jobType: 'DASK', scheduler: 'shared', execute: true, ...fields });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** Waits until the job shows one of `codes`; fails at once if it ends otherwise (Complete, Error, Aborted). */
export async function waitForStatus(client: ApiClient, id: string, codes: string[], timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await client.get(`${DASK_JOBS}/${id}`)).body;
    if (codes.includes(job.statusCode)) return job;
    const ended = ['COM', 'ERR', 'ABT'].includes(job.statusCode);
    if (ended || Date.now() > deadline) {
      const why = ended ? `it ended ${job.status}` : `timed out after ${timeoutMs} ms`;
      throw new Error(`job ${id} did not become ${codes.join(' or ')}: ${why}\n${JSON.stringify(job, null, 1)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
