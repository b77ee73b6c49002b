import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { daskFromEnv } from './fixtures/dask/dask-fixture.js';
import { addDaskScheduler, DASK_JOBS, runDaskJob, waitForStatus } from './support/dask-jobs.js';
import type { ApiClient } from './support/http.js';
import { freePort } from './support/processes.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const fn = (name: string) => `jobs_test_callables:${name}`;

describe('DASK jobs through the API on a real Dask cluster', () => {
  let stack: Stack;
  let client: ApiClient;

  before(async () => {
    stack = await Stack.start({ jobTypes: ['dask'] });
    await addDaskScheduler(stack, 'shared', daskFromEnv().address, { timeout: 10 });
    client = await stack.client('dask', 'alice');
  });
  after(() => stack?.close());

  test('a function returning a value: Results-Ready, then Complete with the result, logs and a released task', async () => {
    const id = await runDaskJob(client, { callable: fn('add'), args: [2, 3] });
    const job = await waitForStatus(client, id, ['COM']);
    assert.equal(job.runtime.daskKey, `${stack.prefix}-job-${id}-attempt-1`);
    assert.equal(job.runtime.released, true);
    assert.equal(job.attempt, 1);
    assert.ok(job.completionTime);
    const results = (await client.get(`${DASK_JOBS}/${id}/results`)).body;
    assert.deepEqual({ result: results.result, files: results.files }, { result: 5, files: [] });
    const logs = (await client.get(`${DASK_JOBS}/${id}/logs`)).body.files.map((f: { path: string }) => f.path);
    assert.ok(logs.includes('attempt-1/dask-scheduler.log'), logs.join(', '));
    assert.ok(logs.some((p: string) => /^attempt-1\/dask-worker-127\.0\.0\.1_\d+\.log$/.test(p)), logs.join(', '));
    assert.match((await client.get(`${DASK_JOBS}/${id}/logs/attempt-1/dask-scheduler.log`)).body, /distributed\.scheduler/);
    assert.equal((await client.get(`${DASK_JOBS}/${id}/logs/attempt-2/dask-scheduler.log`)).status, 404);
    const path: string[] = (await stack.ds.query(`SELECT to_status FROM job_events WHERE job_id = $1 AND type = 'status' ORDER BY id`, [id]))
      .map((r: { to_status: string }) => r.to_status);
    assert.deepEqual(path.slice(0, 1), ['SUB']);
    assert.deepEqual(path.slice(-2), ['RES', 'COM']);
  });

  test('a function that raises: Error with the exception and traceback in the status message and the logs', async () => {
    const id = await runDaskJob(client, { callable: fn('fail'), args: ['boom'] });
    const job = await waitForStatus(client, id, ['ERR']);
    assert.match(job.statusMessage, /ValueError\('boom'\)/);
    assert.match(job.statusMessage, /jobs_test_callables\.py.*in fail/);
    assert.ok(job.completionTime);
    const traceback = await client.get(`${DASK_JOBS}/${id}/logs/attempt-1/traceback.txt`);
    assert.equal(traceback.status, 200);
    assert.match(traceback.body, /ValueError\('boom'\)[\s\S]*in fail/);
    // The cluster's logs are read after the failure was seen: the Dask worker's log already says why.
    const logs = (await client.get(`${DASK_JOBS}/${id}/logs`)).body.files.map((f: { path: string }) => f.path);
    const workerLog = logs.find((p: string) => /^attempt-1\/dask-worker-/.test(p));
    assert.ok(logs.includes('attempt-1/dask-scheduler.log') && workerLog, logs.join(', '));
    assert.match((await client.get(`${DASK_JOBS}/${id}/logs/${workerLog}`)).body, new RegExp(`Compute Failed[\\s\\S]*${job.runtime.daskKey}`));
    const results = (await client.get(`${DASK_JOBS}/${id}/results`)).body;
    assert.equal(results.result, null);
  });

  test('a long task stopped while running: Aborted, saying the running function could not be interrupted', async () => {
    const id = await runDaskJob(client, { callable: fn('sleep_then'), args: [5, 'too late'] });
    await waitForStatus(client, id, ['RUN']);
    // While it runs, its logs are the cluster's logs as they are now.
    const live = (await client.get(`${DASK_JOBS}/${id}/logs`)).body.files.map((f: { path: string }) => f.path);
    assert.ok(live.includes('attempt-1/dask-scheduler.log') && live.some((p: string) => /^attempt-1\/dask-worker-/.test(p)), live.join(', '));
    assert.match((await client.get(`${DASK_JOBS}/${id}/logs/attempt-1/dask-scheduler.log`)).body, /distributed\.scheduler/);
    assert.equal((await client.get(`${DASK_JOBS}/${id}/logs/attempt-1/nothing.log`)).status, 404);
    assert.equal((await client.post(`${DASK_JOBS}/${id}/actions/stop`)).status, 202);
    const job = await waitForStatus(client, id, ['ABT']);
    assert.match(job.statusMessage, /Dask cannot interrupt it/);
    assert.equal(job.runtime.cancelRequested, job.runtime.daskKey);
    assert.ok(job.completionTime);
  });

  test('Dask retries, and a resubmit runs a new attempt under a new key', async () => {
    const dir = stack.workspaces;
    const retried = await runDaskJob(client, { callable: fn('flaky'), args: [`${dir}/flaky-auto`], retries: 1 });
    assert.equal((await client.get(`${DASK_JOBS}/${(await waitForStatus(client, retried, ['COM'])).id}/results`)).body.result, 2);
    // A Complete job resubmitted keeps the cluster logs of its first attempt.
    assert.equal((await client.post(`${DASK_JOBS}/${retried}/actions/resubmit`)).status, 202);
    await waitFor('the resubmit', async () => (await client.get(`${DASK_JOBS}/${retried}`)).body.attempt === 2);
    assert.equal((await client.get(`${DASK_JOBS}/${(await waitForStatus(client, retried, ['COM'])).id}/results`)).body.result, 3);
    const kept = (await client.get(`${DASK_JOBS}/${retried}/logs`)).body.files.map((f: { path: string }) => f.path);
    assert.ok(kept.includes('attempt-1/dask-scheduler.log') && kept.includes('attempt-2/dask-scheduler.log'), kept.join(', '));
    assert.match((await client.get(`${DASK_JOBS}/${retried}/logs/attempt-1/dask-scheduler.log`)).body, /distributed\.scheduler/);

    const id = await runDaskJob(client, { callable: fn('flaky'), args: [`${dir}/flaky-manual`] });
    await waitForStatus(client, id, ['ERR']);
    assert.equal((await client.post(`${DASK_JOBS}/${id}/actions/resubmit`)).status, 202);
    await waitFor('the resubmit', async () => (await client.get(`${DASK_JOBS}/${id}`)).body.attempt === 2);
    const job = await waitForStatus(client, id, ['COM']);
    assert.equal(job.attempt, 2);
    assert.equal(job.runtime.daskKey, `${stack.prefix}-job-${id}-attempt-2`);
    assert.equal(job.statusMessage, null);
    assert.equal((await client.get(`${DASK_JOBS}/${id}/results`)).body.result, 2);
    const logs = (await client.get(`${DASK_JOBS}/${id}/logs`)).body.files.map((f: { path: string }) => f.path);
    assert.ok(logs.includes('attempt-1/traceback.txt') && logs.includes('attempt-2/dask-scheduler.log'), logs.join(', '));
  });

  test('a non-JSON result and a large one are stored as files served by GET .../results', async () => {
    const odd = await runDaskJob(client, { callable: fn('non_json') });
    const big = await runDaskJob(client, { callable: fn('big'), args: [100_000] });
    const oddJob = await waitForStatus(client, odd, ['COM']);
    assert.deepEqual(
      { format: oddJob.runtime.resultFile.format, path: oddJob.runtime.resultFile.path, type: oddJob.runtime.resultFile.pythonType },
      { format: 'pickle', path: 'result.pickle', type: 'builtins.set' },
    );
    const oddResults = (await client.get(`${DASK_JOBS}/${odd}/results`)).body;
    assert.equal(oddResults.result, null);
    assert.deepEqual(oddResults.files.map((f: { path: string }) => f.path), ['result.pickle']);

    await waitForStatus(client, big, ['COM']);
    const file = await client.get(`${DASK_JOBS}/${big}/results/result.json`);
    assert.equal(file.status, 200);
    assert.equal((file.body as number[]).length, 100_000);
  });

  test('forget skips storing; a results-processing callable runs before storing, and its failure is an Error', async () => {
    const forgotten = await waitForStatus(client, await runDaskJob(client, { callable: fn('add'), args: [1, 1], forget: true }), ['COM']);
    assert.equal(forgotten.statusMessage, 'result not stored (forget)');
    assert.equal((await client.get(`${DASK_JOBS}/${forgotten.id}/results`)).body.result, null);

    const processed = await runDaskJob(client, { callable: fn('add'), args: [2, 3], processResultsFunction: 'jobs_test_callables.double' });
    await waitForStatus(client, processed, ['COM']);
    assert.equal((await client.get(`${DASK_JOBS}/${processed}/results`)).body.result, 10);

    const broken = await runDaskJob(client, { callable: fn('add'), args: [2, 3], processResultsFunction: fn('cannot_process') });
    const job = await waitForStatus(client, broken, ['ERR']);
    assert.match(job.statusMessage, /process-results failed: processResultsFunction jobs_test_callables:cannot_process: .*cannot process 5/);
    const traceback = await client.get(`${DASK_JOBS}/${broken}/logs/attempt-1/process-results-traceback.txt`);
    assert.match(traceback.body, /RuntimeError/);
  });

  test('pause and resume are refused: Dask cannot pause a task', async () => {
    const id = await runDaskJob(client, { callable: fn('sleep_then'), args: [0.5, 'x'] });
    for (const action of ['pause', 'resume']) {
      const res = await client.post(`${DASK_JOBS}/${id}/actions/${action}`);
      assert.equal(res.status, 409);
      assert.match(res.body.message, /Dask cannot pause a task/);
    }
    await waitForStatus(client, id, ['COM']);
  });

  test('create requests are validated field by field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ callable: 'no_colon' }, 'callable'],
      [{ callable: undefined }, 'callable'],
      [{ args: { a: 1 } }, 'args'],
      [{ kwargs: [1] }, 'kwargs'],
      [{ resources: { GPU: -1 } }, 'resources'],
      [{ retries: 1.5 }, 'retries'],
      [{ priority: 'high' }, 'priority'],
      [{ forget: 'yes' }, 'forget'],
      [{ executable: 'x' }, 'executable'],
      [{ scheduler: undefined }, 'scheduler'],
      [{ scheduler: 'missing' }, 'scheduler'],
    ];
    for (const [fields, field] of cases) {
      const body = { name: 'v', jobType: 'DASK', scheduler: 'shared', callable: fn('add'), ...fields };
      const res = await client.post(DASK_JOBS, body);
      assert.equal(res.status, 400, JSON.stringify(fields));
      assert.equal(res.body.errors?.[0]?.field, field, JSON.stringify(res.body));
    }
  });

  test('a wrong scheduler address: Error with a clear message, quickly, and the worker keeps serving', async () => {
    const port = await freePort();
    await addDaskScheduler(stack, 'nowhere', `tcp://127.0.0.1:${port}`, { timeout: 2 });
    const started = Date.now();
    const id = await runDaskJob(client, { scheduler: 'nowhere', callable: fn('add'), args: [1, 2] });
    const job = await waitForStatus(client, id, ['ERR'], 15_000);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.match(job.statusMessage, new RegExp(`Dask scheduler "nowhere": cannot connect to the Dask scheduler at tcp://127\\.0\\.0\\.1:${port}`));
    const ok = await runDaskJob(client, { callable: fn('add'), args: [1, 2] });
    await waitForStatus(client, ok, ['COM']);
  });
});
