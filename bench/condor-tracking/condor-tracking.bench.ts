import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startSshd } from '../../test/fixtures/sshd/sshd-fixture.js';
import { SshSession } from '../../test/fixtures/sshd/ssh-session.js';
import { ApiClient } from '../../test/support/http.js';
import { Stack } from '../../test/support/stack.js';
import { fmt, percentile, pool } from '../support/stats.js';
import { eventDelays } from './event-delay.js';
import { countSchedulerQueries, pollMetrics } from './scheduler-queries.js';

/**
 * bench/condor-tracking: N active CONDOR jobs on one scheduler (the
 * simulator with no free slot, so they all stay queued), submitted through
 * the API. Prints the scheduler queries per poll cycle, the poll-cycle time,
 * and the delay from an event in a job's event log to its status in the API.
 */
const N = Number(process.env.BENCH_CONDOR_JOBS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 5000);
const CYCLES = 3;
const JOBS = '/api/v1/apps/bench/jobs';

const sshd = await startSshd({ simSlots: 0 });
const queries = await countSchedulerQueries(sshd);
const stack = await Stack.start({ jobTypes: ['condor'], env: { SCHEDULER_POLL_INTERVAL_MS: String(POLL_MS) } });
const count = async (status: string) => Number((await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE status = $1`, [status]))[0].n);
try {
  const admin = new ApiClient(stack.baseUrl, stack.adminKey);
  const created = await admin.post('/api/v1/schedulers', {
    name: 'bench', kind: 'condor', host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.keys.ed25519,
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const client = new ApiClient(stack.baseUrl, await stack.appKey('bench'), 'bench-user');

  const started = performance.now();
  await pool(N, 32, async (i) => {
    const res = await client.post(JOBS, {
      name: `track-${i}`, jobType: 'CONDOR', scheduler: 'bench', executable: '/bin/sleep', arguments: ['3600'], execute: true,
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  });
  for (let submitted = 0; submitted < N; ) {
    await new Promise((r) => setTimeout(r, 2000));
    submitted = await count('SUB');
    if (await count('ERR')) throw new Error('a submission failed');
    process.stdout.write(`\r  submitted ${submitted}/${N}`);
  }
  const submitSeconds = (performance.now() - started) / 1000;
  console.log(`\ncondor-tracking: ${N} active jobs on one scheduler, poll every ${POLL_MS / 1000} s`);
  console.log(`  submitted through the API in ${fmt(submitSeconds)} s (${fmt(N / submitSeconds)} jobs/s)`);

  const metricsNow = () => pollMetrics(stack.workerHealthPort);
  const nextPoll = async (after: number) => {
    while ((await metricsNow()).polls <= after) await new Promise((r) => setTimeout(r, 100));
  };
  await nextPoll((await metricsNow()).polls); // a whole cycle over all N jobs before measuring
  const before = { ...(await metricsNow()), queries: await queries() };
  for (let i = 0; i < CYCLES; i++) await nextPoll(before.polls + i);
  const after = { ...(await metricsNow()), queries: await queries() };
  const cycles = after.polls - before.polls;
  console.log(`  scheduler queries per poll cycle:  ${fmt((after.queries - before.queries) / cycles, 2)} (target ≤ 2; ${cycles} cycles)`);
  console.log(`  poll-cycle time:                   ${fmt(((after.seconds - before.seconds) / cycles) * 1000, 0)} ms`);

  const rows: { id: string; cluster: number }[] = await stack.ds.query(
    `SELECT id::text AS id, (runtime->>'clusterId')::int AS cluster FROM jobs ORDER BY random() LIMIT $1`, [SAMPLES],
  );
  const ssh = await SshSession.connect(sshd);
  try {
    const delays = await eventDelays(ssh, client, JOBS, rows);
    console.log(`  event log → API status (${delays.length} events): p50 ${fmt(percentile(delays, 50), 0)} ms   p99 ${fmt(percentile(delays, 99), 0)} ms (target p99 ≤ 1000)`);
  } finally {
    ssh.close();
  }
  const dirs: { dir: string }[] = await stack.ds.query(`SELECT runtime->>'remoteDir' AS dir FROM jobs WHERE runtime ? 'remoteDir'`);
  await stack.worker?.stop();
  await pool(dirs.length, 16, (i) => rm(path.join(sshd.homeDir, dirs[i].dir), { recursive: true, force: true }));
} finally {
  await stack.close();
  await sshd.stop();
}
