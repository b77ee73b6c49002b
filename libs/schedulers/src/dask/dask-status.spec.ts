import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DaskEndState, DaskTaskState } from './dask-bridge.types.js';
import { reportOfEvent, reportOfState, rerunsMessage } from './dask-status.js';

describe('Dask states as job statuses', () => {
  const BY_STATE: Record<DaskTaskState, string> = {
    released: 'SUB',
    waiting: 'SUB',
    queued: 'SUB',
    'no-worker': 'SUB',
    processing: 'RUN',
    memory: 'COM',
    erred: 'ERR',
    forgotten: 'ERR',
  };
  for (const [state, code] of Object.entries(BY_STATE) as [DaskTaskState, string][]) {
    test(`${state} → ${code}`, () => assert.equal(reportOfState({ state, published: true }).code, code));
  }

  const BY_EVENT: Record<DaskEndState, string> = { finished: 'COM', erred: 'ERR', cancelled: 'ABT', lost: 'ERR' };
  for (const [state, code] of Object.entries(BY_EVENT) as [DaskEndState, string][]) {
    test(`event ${state} → ${code}`, () => assert.equal(reportOfEvent({ address: 'a', key: 'k', state }).code, code));
  }

  test('an erred task carries its exception and traceback', () => {
    const report = reportOfState({ state: 'erred', published: true, exception: "ValueError('boom')", traceback: 'File "x.py"' });
    assert.deepEqual(report.failure, { exception: "ValueError('boom')", traceback: 'File "x.py"' });
    assert.match(report.message ?? '', /ValueError\('boom'\)/);
  });

  test('a forgotten or lost task says so, with the reason when known', () => {
    assert.equal(reportOfState({ state: 'forgotten', published: false }).lost, true);
    const lost = reportOfEvent({ address: 'a', key: 'k', state: 'lost', message: 'the scheduler restarted' });
    assert.equal(lost.lost, true);
    assert.match(lost.message ?? '', /Dask lost the task: the scheduler restarted/);
  });

  test('where it runs, no worker able to run it, and reruns after dead workers are reported', () => {
    assert.equal(reportOfState({ state: 'processing', published: true, worker: 'tcp://w:1' }).message, 'running on tcp://w:1');
    assert.match(reportOfState({ state: 'no-worker', published: true }).message ?? '', /resources/);
    const rerun = reportOfState({ state: 'processing', published: true, worker: 'tcp://w:2', reruns: 2 });
    assert.equal(rerun.reruns, 2);
    assert.equal(rerun.message, 'the Dask worker running this task died 2 times and the scheduler started it again; running on tcp://w:2');
    assert.match(rerunsMessage(1), /died once/);
  });
});
