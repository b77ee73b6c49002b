import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { sourceFile } from '../../libs/schedulers/src/dask/source-file.js';
import { startDask } from '../../test/fixtures/dask/dask-fixture.js';
import { addDaskScheduler } from '../../test/support/dask-jobs.js';
import { ApiClient } from '../../test/support/http.js';
import { Stack } from '../../test/support/stack.js';
import { waitFor } from '../../test/support/wait.js';
import { BenchClient } from '../support/bench-client.js';
import { DEPLOYED_SETTINGS } from '../support/service-settings.js';
import { fmt, pool } from '../support/stats.js';

/**
 * bench/dask-throughput: trivial DASK jobs through the whole product (HTTP
 * create + execute, queue, bridge submit, pushed end, results stored, task
 * released, Complete) against the same tasks submitted and gathered with a
 * plain Dask client, on the same cluster in the same run.
 */
const N = Number(process.env.BENCH_JOBS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const JOBS = '/api/v1/apps/bench/jobs';

const cluster = await startDask();
const stack = await Stack.start({ jobTypes: ['dask'], env: DEPLOYED_SETTINGS });
try {
  await addDaskScheduler(stack, 'bench', cluster.address, { timeout: 30 });
  const client = new ApiClient(stack.baseUrl, await stack.appKey('bench'), 'bench-user');
  // One untimed round of each side first: the figures are those of warm code, filled pools and a
  // connected bridge, as in a running service, on a cluster that has run these tasks before.
  await apiRate(stack, client, N);
  directClientRate(cluster.address, N);
  const direct = directClientRate(cluster.address, N);
  const api = await apiRate(stack, client, N);
  console.log(`dask-throughput: ${N} trivial tasks (add), ${CONCURRENCY} concurrent API clients, one worker process`);
  console.log(`  Dask client submit+gather:                 ${fmt(direct)} tasks/s`);
  console.log(`  API create+execute → Complete (results):   ${fmt(api)} jobs/s`);
  console.log(`  ratio (target ≥ 0.5):                      ${fmt(api / direct, 3)}`);
} finally {
  await stack.close();
  await cluster.stop();
}

/** Jobs per second from the first create request until every job is Complete. */
async function apiRate(stack: Stack, client: ApiClient, n: number): Promise<number> {
  await stack.ds.query(`DELETE FROM jobs WHERE label = 'bench'`);
  const poster = new BenchClient(stack.baseUrl, client.headers());
  const started = performance.now();
  await pool(n, CONCURRENCY, async (i) => {
    const body = { name: `b-${i}`, jobType: 'DASK', scheduler: 'bench', callable: 'jobs_test_callables:add', args: [i, 1], execute: true };
    const res = await poster.post(JOBS, body);
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.body}`);
  });
  poster.close();
  await waitFor('all jobs Complete', async () => {
    const [{ done, failed }] = await stack.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'COM') AS done, count(*) FILTER (WHERE status IN ('ERR', 'ABT')) AS failed
       FROM jobs WHERE label = 'bench'`,
    );
    if (Number(failed) > 0) throw new Error(`${failed} jobs failed`);
    return Number(done) >= n;
  }, 600_000, 50);
  return n / ((performance.now() - started) / 1000);
}

/** Tasks per second of the baseline script, run with the same Python and callables as the workers. */
function directClientRate(address: string, n: number): number {
  const callables = sourceFile('test/fixtures/dask/callables', import.meta.url);
  const script = sourceFile('bench/dask-throughput/direct_client.py', import.meta.url);
  const out = execFileSync('/usr/bin/python3', [script, address, String(n)], {
    env: { ...process.env, PYTHONPATH: [callables, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter), PYTHONDONTWRITEBYTECODE: '1' },
  });
  return n / (JSON.parse(out.toString().trim().split('\n').at(-1)!) as { seconds: number }).seconds;
}
