import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DaskBridge } from '../libs/schedulers/src/dask/dask-bridge.js';
import { DaskBridgeError, type DaskResult, type DaskTransitionEvent } from '../libs/schedulers/src/dask/dask-bridge.types.js';
import { daskFromEnv, startDask } from './fixtures/dask/dask-fixture.js';
import { freePort } from './support/processes.js';
import { waitFor } from './support/wait.js';

const { address } = daskFromEnv();
const run = randomUUID().slice(0, 8);
const key = (name: string) => `test-${run}-${name}`;
const callable = (name: string) => `jobs_test_callables:${name}`;

/** A bridge plus every transition it reported. */
async function openBridge() {
  const bridge = new DaskBridge({ requestTimeoutMs: 15_000 });
  const events: DaskTransitionEvent[] = [];
  bridge.on('transition', (event) => events.push(event));
  await bridge.start();
  const ended = (k: string, timeoutMs = 15_000) =>
    waitFor(`the end of ${k}`, () => events.find((e) => e.key === k), timeoutMs);
  return { bridge, events, ended };
}

describe('Dask bridge against a real Dask cluster', () => {
  let b: Awaited<ReturnType<typeof openBridge>>;
  let dir: string;
  before(async () => {
    b = await openBridge();
    dir = mkdtempSync(path.join(tmpdir(), 'dask-bridge-test-'));
  });
  after(async () => {
    await b.bridge.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a submitted task reports finished and its result comes back inline', async () => {
    const k = key('add');
    const submitted = await b.bridge.submit({ address, key: k, callable: callable('add'), args: [2, 3] });
    assert.deepEqual(submitted, { key: k, existing: false, previousState: 'forgotten' });
    assert.equal((await b.ended(k)).state, 'finished');
    assert.deepEqual(await b.bridge.result({ address, key: k }), { state: 'finished', inline: true, value: 5 });
    await b.bridge.release(address, k);
    assert.equal(b.bridge.trackedKeys(address).includes(k), false);
    assert.equal((await b.bridge.states(address, [k]))[k]?.published, false);
    // The client lets go of the key asynchronously; then the worker frees the result.
    const gone = async () => (await b.bridge.states(address, [k]))[k]?.state === 'forgotten';
    await waitFor('the released key to be forgotten', gone, 5_000);
  });

  test('a failing task reports erred with the exception and traceback', async () => {
    const k = key('fail');
    await b.bridge.submit({ address, key: k, callable: callable('fail'), args: ['boom'] });
    const event = await b.ended(k);
    assert.equal(event.state, 'erred');
    assert.match(event.exception ?? '', /ValueError\('boom'\)/);
    assert.match(event.traceback ?? '', /jobs_test_callables\.py.*in fail/);
    const result = await b.bridge.result({ address, key: k });
    assert.equal(result.state, 'erred');
    const info = (await b.bridge.states(address, [k]))[k];
    assert.equal(info?.state, 'erred');
    assert.match(info?.exception ?? '', /boom/);
  });

  test('the same key submitted twice is one task', async () => {
    const k = key('twice');
    const first = await b.bridge.submit({ address, key: k, callable: callable('sleep_then'), args: [0.3, 'first'] });
    const second = await b.bridge.submit({ address, key: k, callable: callable('add'), args: [1, 2] });
    assert.equal(first.existing, false);
    assert.equal(second.existing, true);
    await b.ended(k);
    assert.deepEqual(await b.bridge.result({ address, key: k }), { state: 'finished', inline: true, value: 'first' });
    assert.equal(b.events.filter((e) => e.key === k).length, 1);
  });

  test('automatic retries and an explicit retry', async () => {
    const auto = key('flaky-auto');
    await b.bridge.submit({ address, key: auto, callable: callable('flaky'), args: [path.join(dir, 'auto')], retries: 1 });
    assert.equal((await b.ended(auto)).state, 'finished');
    assert.deepEqual(await b.bridge.result({ address, key: auto }), { state: 'finished', inline: true, value: 2 });

    const manual = key('flaky-manual');
    await b.bridge.submit({ address, key: manual, callable: callable('flaky'), args: [path.join(dir, 'manual')] });
    assert.equal((await b.ended(manual)).state, 'erred');
    await b.bridge.retry(address, manual);
    await waitFor('the retry', () => b.events.some((e) => e.key === manual && e.state === 'finished'), 15_000);
  });

  test('cancel stops a running task and reports cancelled', async () => {
    const k = key('cancel');
    await b.bridge.submit({ address, key: k, callable: callable('sleep_then'), args: [1.5, 'never'] });
    await waitFor('processing', async () => (await b.bridge.states(address, [k]))[k]?.state === 'processing', 10_000);
    const cancelled = await b.bridge.cancel(address, k);
    assert.deepEqual(cancelled, { cancelled: true, previousState: 'processing', mayStillRun: true });
    assert.equal((await b.ended(k)).state, 'cancelled');
    assert.deepEqual((await b.bridge.states(address, [k]))[k], { published: false, state: 'forgotten' });
    await assert.rejects(b.bridge.result({ address, key: k }), { type: 'NotFound' });
  });

  test('states of many keys come back from one call', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => key(`many-${i}`));
    await Promise.all(keys.map((k, i) => b.bridge.submit({ address, key: k, callable: callable('add'), args: [i, 1] })));
    const stuck = key('no-worker');
    await b.bridge.submit({ address, key: stuck, callable: callable('add'), args: [0, 0], resources: { gpu: 1 } });
    await Promise.all(keys.map((k) => b.ended(k)));
    const unknown = key('unknown');
    const states = await b.bridge.states(address, [...keys, stuck, unknown]);
    for (const k of keys) assert.equal(states[k]?.state, 'memory', k);
    assert.equal(states[stuck]?.state, 'no-worker');
    assert.deepEqual(states[unknown], { published: false, state: 'forgotten' });
    await b.bridge.cancel(address, stuck);
  });

  test('large and non-JSON results are written to files', async () => {
    const big = key('big');
    const odd = key('non-json');
    await b.bridge.submit({ address, key: big, callable: callable('big'), args: [100_000] });
    await b.bridge.submit({ address, key: odd, callable: callable('non_json') });
    await Promise.all([b.ended(big), b.ended(odd)]);

    const bigFile = path.join(dir, 'out', 'big.json');
    const bigResult = fileResult(await b.bridge.result({ address, key: big, maxInlineBytes: 1000, filePath: bigFile }));
    assert.equal(bigResult.format, 'json');
    assert.equal(bigResult.bytes, statSync(bigFile).size);
    assert.equal((JSON.parse(readFileSync(bigFile, 'utf8')) as number[]).length, 100_000);

    const oddFile = path.join(dir, 'out', 'odd.pickle');
    const oddResult = fileResult(await b.bridge.result({ address, key: odd, filePath: oddFile }));
    assert.equal(oddResult.format, 'pickle');
    assert.equal(oddResult.pythonType, 'builtins.set');
    await assert.rejects(b.bridge.result({ address, key: odd }), { type: 'BadRequest' });
  });

  test('a results-processing callable runs on the cluster before the result comes back', async () => {
    const k = key('processed');
    await b.bridge.submit({ address, key: k, callable: callable('add'), args: [2, 3] });
    await b.ended(k);
    assert.deepEqual(await b.bridge.result({ address, key: k, processWith: callable('double') }), { state: 'finished', inline: true, value: 10 });
    await assert.rejects(b.bridge.result({ address, key: k, processWith: callable('cannot_process') }), (err: DaskBridgeError) => {
      assert.equal(err.type, 'ProcessingFailed');
      assert.match(err.message, /RuntimeError\('cannot process 5'\)[\s\S]*in cannot_process/);
      return true;
    });
    await b.bridge.release(address, k);
  });

  test('scheduler and worker logs', async () => {
    const logs = await b.bridge.logs(address);
    assert.match(logs.scheduler, /distributed\.scheduler/);
    const workers = Object.values(logs.workers);
    assert.equal(workers.length, 1);
    assert.match(workers[0] ?? '', /distributed\.worker/);
  });

  test('a wrong scheduler address fails fast with a clear error', async () => {
    const port = await freePort(); // nothing listens there any more
    const started = Date.now();
    const request = { address: `tcp://127.0.0.1:${port}`, key: key('nowhere'), callable: callable('add') };
    const error = await b.bridge.submit(request, { timeoutMs: 2_500 }).catch((e: unknown) => e);
    assert.ok(error instanceof DaskBridgeError);
    assert.equal(error.type, 'ConnectionError');
    assert.match(error.message, new RegExp(`cannot connect to the Dask scheduler at tcp://127\\.0\\.0\\.1:${port}`));
    assert.ok(Date.now() - started < 2_500, `took ${Date.now() - started} ms`);
  });

  test('bad requests get errors and the bridge keeps serving', async () => {
    await assert.rejects(b.bridge.submit({ address, key: key('bad'), callable: 'no_colon' }), { type: 'BadRequest' });
    await assert.rejects(b.bridge.retry(address, key('never-submitted')), { type: 'BadRequest' });
    assert.equal((await b.bridge.ping(address)).workers, 1);
  });
});

describe('Dask bridge restarts', () => {
  test('a killed bridge restarts, re-tracks its keys and still reports the end', async () => {
    const { bridge, events, ended } = await openBridge();
    try {
      const k = key('survivor');
      await bridge.submit({ address, key: k, callable: callable('sleep_then'), args: [1.5, 'survived'] });
      const oldPid = bridge.pid;
      assert.ok(oldPid);
      const restarted = new Promise<number>((resolve) => bridge.once('restart', ({ pid }) => resolve(pid)));
      process.kill(oldPid, 'SIGKILL');
      assert.notEqual(await restarted, oldPid);
      assert.equal((await ended(k)).state, 'finished');
      assert.equal(events.filter((e) => e.key === k).length, 1);
      assert.deepEqual(await bridge.result({ address, key: k }), { state: 'finished', inline: true, value: 'survived' });
    } finally {
      await bridge.close();
    }
  });

  test('another bridge can take over keys it did not submit', async () => {
    const first = await openBridge();
    const k = key('handover');
    await first.bridge.submit({ address, key: k, callable: callable('sleep_then'), args: [0.5, 'handed over'] });
    await first.bridge.close();
    const second = await openBridge();
    try {
      assert.deepEqual(await second.bridge.track(address, [k, key('gone')]), { tracked: [k], lost: [key('gone')] });
      assert.equal((await second.ended(k)).state, 'finished');
      assert.equal(second.events.find((e) => e.key === key('gone'))?.state, 'lost');
    } finally {
      await second.bridge.close();
    }
  });
});

function fileResult(result: DaskResult) {
  assert.ok(result.state === 'finished' && !result.inline, `expected a result in a file, got ${JSON.stringify(result)}`);
  return result;
}

describe('Dask worker restarts', () => {
  test('a task running on a worker that is restarted runs again and finishes', async () => {
    const cluster = await startDask(); // its own cluster: the shared one must keep its worker
    const { bridge, ended } = await openBridge();
    try {
      const k = key('worker-restart');
      await bridge.submit({ address: cluster.address, key: k, callable: callable('sleep_then'), args: [1, 'again'] });
      const processing = async () => (await bridge.states(cluster.address, [k]))[k]?.state === 'processing';
      await waitFor('the task to run', processing, 10_000);
      await cluster.restartWorker();
      assert.equal((await ended(k)).state, 'finished');
      const result = await bridge.result({ address: cluster.address, key: k });
      assert.deepEqual(result, { state: 'finished', inline: true, value: 'again', reruns: 1 });
    } finally {
      await bridge.close();
      await cluster.stop();
    }
  });
});
