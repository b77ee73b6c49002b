import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DaskBridge } from '../libs/schedulers/src/dask/dask-bridge.js';
import { daskFromEnv, startDask } from './fixtures/dask/dask-fixture.js';
import { addDaskScheduler, DASK_JOBS, runDaskJob, waitForStatus } from './support/dask-jobs.js';
import type { ApiClient } from './support/http.js';
import type { ServiceProcess } from './support/processes.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const fn = (name: string) => `jobs_test_callables:${name}`;
const { address } = daskFromEnv();

/** The Dask bridge the worker process runs (its child process). */
function bridgePid(worker: ServiceProcess): number | undefined {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(worker.child.pid)]).toString().split('\n');
  const line = lines.find((l) => l.includes('bridge.py'));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** Which tokens `record_call` wrote, i.e. how often each task really ran. */
const calls = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).sort();

describe('DASK jobs through crashes', () => {
  let stack: Stack;
  let client: ApiClient;
  let dir: string;

  before(async () => {
    stack = await Stack.start({ jobTypes: ['dask'] });
    await addDaskScheduler(stack, 'shared', address, { timeout: 10 });
    client = await stack.client('dask', 'bob');
    dir = mkdtempSync(path.join(tmpdir(), 'dask-jobs-calls-'));
  });
  after(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the bridge killed while a task runs: the status still arrives', async () => {
    const id = await runDaskJob(client, { callable: fn('sleep_then'), args: [1.5, 'survived'] });
    await waitForStatus(client, id, ['SUB', 'RUN']);
    const pid = await waitFor('the bridge process', () => bridgePid(stack.worker!));
    process.kill(pid, 'SIGKILL');
    await waitForStatus(client, id, ['COM']);
    assert.equal((await client.get(`${DASK_JOBS}/${id}/results`)).body.result, 'survived');
    const restarted = bridgePid(stack.worker!);
    assert.ok(restarted && restarted !== pid, 'a new bridge took over');
  });

  test('the Dask worker restarted mid-task: the task runs again, and the job says so', async () => {
    const cluster = await startDask(); // its own cluster: the shared one must keep its worker
    try {
      await addDaskScheduler(stack, 'private', cluster.address, { timeout: 10 });
      const id = await runDaskJob(client, { scheduler: 'private', callable: fn('sleep_then'), args: [2, 'again'] });
      await waitForStatus(client, id, ['RUN']);
      await cluster.restartWorker();
      const job = await waitForStatus(client, id, ['COM'], 30_000);
      assert.match(job.statusMessage, /the Dask worker running this task died once and the scheduler started it again/);
      assert.equal((await client.get(`${DASK_JOBS}/${id}/results`)).body.result, 'again');
    } finally {
      await cluster.stop();
    }
  });

  test('a submission interrupted by a crash is adopted when the execute is redelivered, not run twice', async () => {
    await stack.worker!.stop();
    const file = path.join(dir, 'adopted');
    const id = await runDaskJob(client, { callable: fn('record_call'), args: [file, 'adopted'] });
    // What a worker killed right after submitting leaves: the task of attempt 1, and no record of it in the job.
    const bridge = new DaskBridge();
    await bridge.start();
    const key = `${stack.prefix}-job-${id}-attempt-1`;
    await bridge.submit({ address, key, callable: fn('record_call'), args: [file, 'adopted'] }).finally(() => bridge.close());
    await stack.startWorker();
    const job = await waitForStatus(client, id, ['COM']);
    assert.equal(job.attempt, 1);
    assert.deepEqual(calls(file), ['adopted']);
    const [event] = await stack.ds.query(`SELECT message FROM job_events WHERE job_id = $1 AND to_status = 'SUB'`, [id]);
    assert.match(event.message, new RegExp(`adopted Dask task ${key}`));
  });

  test('our worker SIGKILLed in the middle of submitting: every task runs exactly once', async () => {
    await stack.worker!.stop();
    const file = path.join(dir, 'batch');
    const tokens = Array.from({ length: 40 }, (_, i) => `task-${String(i).padStart(2, '0')}`);
    const ids = await Promise.all(tokens.map((token) => runDaskJob(client, { callable: fn('record_call'), args: [file, token] })));
    const submitted = async () =>
      Number((await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE id = ANY($1) AND status <> 'PEN'`, [ids]))[0].n);
    await stack.startWorker({ WORKER_CONCURRENCY: '4' }); // small batches: the kill lands between them
    await waitFor('part of the batch to be submitted', async () => (await submitted()) > 0, 15_000, 5);
    await stack.worker!.kill();
    assert.ok((await submitted()) < ids.length, 'the kill happened mid-batch');
    await stack.startWorker();
    await waitFor('every job Complete', async () => {
      const [{ n }] = await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE id = ANY($1) AND status = 'COM'`, [ids]);
      return Number(n) === ids.length;
    }, 60_000);
    assert.deepEqual(calls(file), tokens);
    const attempts = await stack.ds.query(`SELECT DISTINCT attempt FROM jobs WHERE id = ANY($1)`, [ids]);
    assert.deepEqual(attempts, [{ attempt: 1 }]);
  });
});
