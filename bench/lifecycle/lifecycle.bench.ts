import { ApiClient } from '../../test/support/http.js';
import { Stack } from '../../test/support/stack.js';
import { fmt } from '../support/stats.js';
import { DEPLOYED_SETTINGS } from '../support/service-settings.js';
import { fillJobs, listLatency } from './list-latency.js';
import { apiLifecycleRate, rawBullmqRate } from './throughput.js';

/**
 * bench/lifecycle: create-and-execute throughput of BASIC jobs through the
 * whole product, against raw BullMQ on the same Redis in the same run, and
 * list latency at a million rows.
 */
const N = Number(process.env.BENCH_JOBS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

const stack = await Stack.start({ jobTypes: ['basic'], env: DEPLOYED_SETTINGS });
try {
  const client = new ApiClient(stack.baseUrl, await stack.appKey('bench'), 'bench-user');
  // One untimed round of each side first: the figures are those of warm code and filled pools, as in a running service.
  await apiLifecycleRate(stack, client, N, CONCURRENCY);
  await rawBullmqRate(N, CONCURRENCY);
  await stack.ds.query(`DELETE FROM jobs WHERE label = 'bench'`);
  const raw = await rawBullmqRate(N, CONCURRENCY);
  const api = await apiLifecycleRate(stack, client, N, CONCURRENCY);
  console.log(`lifecycle: ${N} jobs, ${CONCURRENCY} concurrent clients`);
  console.log(`  raw BullMQ add+process:           ${fmt(raw)} jobs/s`);
  console.log(`  API create+execute → Submitted:   ${fmt(api)} jobs/s`);
  console.log(`  ratio (target ≥ 0.5):             ${fmt(api / raw, 2)}`);

  const filled = performance.now();
  await fillJobs(stack, ROWS);
  console.log(`\nlist latency: ${ROWS} jobs (filled in ${fmt((performance.now() - filled) / 1000)} s), app + user "heavy" (${ROWS / 2} jobs)`);
  const big = new ApiClient(stack.baseUrl, await stack.appKey('big'), 'heavy');
  const depth = Math.floor(ROWS * 0.4);
  const lat = await listLatency(big, depth, 300);
  console.log(`  first page (50):       p50 ${fmt(lat.firstP50, 2)} ms   p99 ${fmt(lat.firstP99, 2)} ms (target ≤ 10)`);
  console.log(`  page ${depth} rows deep: p50 ${fmt(lat.deepP50, 2)} ms   p99 ${fmt(lat.deepP99, 2)} ms (target ≤ 10)`);
} finally {
  await stack.close();
}
