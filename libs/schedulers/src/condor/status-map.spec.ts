import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterStatus, JobStatus, processStatus, type ProcessState } from './status-map.js';

const proc = (procId: number, jobStatus: number, extra: Partial<ProcessState> = {}): ProcessState => ({ clusterId: 7, procId, jobStatus, ...extra });

describe('processStatus', () => {
  const cases: [string, ProcessState, string, string | undefined][] = [
    ['Unexpanded (0)', proc(0, JobStatus.Unexpanded), 'SUB', undefined],
    ['Idle (1)', proc(0, JobStatus.Idle), 'SUB', undefined],
    ['Running (2)', proc(0, JobStatus.Running), 'RUN', undefined],
    ['Removed (3)', proc(0, JobStatus.Removed), 'ABT', undefined],
    ['Completed (4) exit 0', proc(0, JobStatus.Completed, { exitCode: 0 }), 'COM', undefined],
    ['Completed (4) exit 2', proc(0, JobStatus.Completed, { exitCode: 2 }), 'COM', 'exited with code 2'],
    ['Completed (4) by signal', proc(0, JobStatus.Completed, { exitBySignal: true, exitSignal: 9 }), 'COM', 'ended by signal 9'],
    ['Held (5) by the system', proc(0, JobStatus.Held, { holdReason: 'Error from slot1: out of memory', holdReasonCode: 34 }), 'ERR', 'held: Error from slot1: out of memory (HoldReasonCode 34)'],
    ['Held (5) without a code', proc(0, JobStatus.Held), 'ERR', 'held'],
    ['Held (5) by the user (code 1)', proc(0, JobStatus.Held, { holdReason: 'via condor_hold (by user alice)', holdReasonCode: 1 }), 'PAS', 'held by the user: via condor_hold (by user alice)'],
    ['Transferring Output (6)', proc(0, JobStatus.TransferringOutput), 'RUN', undefined],
    ['Suspended (7)', proc(0, JobStatus.Suspended), 'PAS', undefined],
    ['an unknown status', proc(0, 9), 'ERR', 'unknown HTCondor JobStatus 9'],
  ];
  for (const [what, state, code, message] of cases) {
    test(`${what} → ${code}`, () => assert.deepEqual(processStatus(state), message === undefined ? { code } : { code, message }));
  }
});

describe('clusterStatus', () => {
  const { Idle, Running, Removed, Completed, Held } = JobStatus;
  const cases: [string, ProcessState[], string][] = [
    ['one process', [proc(0, Running)], 'RUN'],
    ['all idle', [proc(0, Idle), proc(1, Idle)], 'SUB'],
    ['all running', [proc(0, Running), proc(1, Running), proc(2, Running)], 'RUN'],
    ['all complete', [proc(0, Completed), proc(1, Completed)], 'COM'],
    ['all removed', [proc(0, Removed), proc(1, Removed)], 'ABT'],
    ['idle and running', [proc(0, Idle), proc(1, Running)], 'VAR'],
    ['running and complete', [proc(0, Running), proc(1, Completed)], 'VAR'],
    ['idle and complete', [proc(0, Idle), proc(1, Completed)], 'VAR'],
    ['paused by the user and complete', [proc(0, Held, { holdReasonCode: 1 }), proc(1, Completed)], 'VAR'],
    ['complete and removed', [proc(0, Completed), proc(1, Removed)], 'VCP'],
    ['complete and held by the system', [proc(0, Completed), proc(1, Held, { holdReasonCode: 13 })], 'VCP'],
    ['held and removed, none complete', [proc(0, Held, { holdReasonCode: 13 }), proc(1, Removed)], 'ERR'],
    ['a process seen in condor_q then condor_history: the last row wins', [proc(0, Running), proc(1, Completed), proc(0, Completed)], 'COM'],
  ];
  for (const [what, rows, code] of cases) {
    test(`${what} → ${code}`, () => assert.equal(clusterStatus(rows)?.code, code));
  }

  test('no rows → undefined', () => assert.equal(clusterStatus([]), undefined));

  test('non-zero exits and holds are named by process id', () => {
    const status = clusterStatus([proc(0, Completed, { exitCode: 0 }), proc(1, Completed, { exitCode: 3 }), proc(2, Held, { holdReason: 'disk full', holdReasonCode: 21 })]);
    assert.deepEqual(status, { code: 'VCP', message: 'process 7.1 exited with code 3; process 7.2 held: disk full (HoldReasonCode 21)' });
  });

  test('a single process message has no process id', () => {
    assert.deepEqual(clusterStatus([proc(0, Completed, { exitCode: 1 })]), { code: 'COM', message: 'exited with code 1' });
  });

  test('many messages are summarized', () => {
    const rows = Array.from({ length: 8 }, (_, i) => proc(i, Completed, { exitCode: 1 }));
    assert.match(clusterStatus(rows)!.message!, /process 7\.4 exited with code 1; and 3 more$/);
  });
});
