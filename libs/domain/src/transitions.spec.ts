import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatusCode, StoredStatus } from './status.js';
import {
  JobClock, planManual, planReport, planResultsDone, planResultsFailed, runTimeSeconds,
} from './transitions.js';

const now = new Date('2026-01-01T00:00:10Z');
const earlier = new Date('2026-01-01T00:00:00Z');
const job = (code: StatusCode, extra: Partial<JobClock> = {}): JobClock => ({
  status: { code }, startTime: null, completionTime: null, ...extra,
});

describe('reports from schedulers and callbacks', () => {
  const cases: {
    from: StatusCode; reported: StatusCode; results: boolean;
    to?: StatusCode; start?: boolean; completion?: boolean; processResults?: boolean; ignored?: string;
  }[] = [
    { from: 'SUB', reported: 'RUN', results: true, to: 'RUN', start: true },
    { from: 'PEN', reported: 'RUN', results: true, to: 'RUN', start: true },
    { from: 'SUB', reported: 'VAR', results: true, to: 'VAR', start: true },
    { from: 'RUN', reported: 'SUB', results: true, to: 'SUB' },
    { from: 'RUN', reported: 'COM', results: true, to: 'RES', processResults: true },
    { from: 'RUN', reported: 'VCP', results: true, to: 'VCP', processResults: true },
    { from: 'VAR', reported: 'RES', results: true, to: 'RES', processResults: true },
    { from: 'RUN', reported: 'COM', results: false, to: 'COM', completion: true },
    { from: 'RUN', reported: 'ERR', results: true, to: 'ERR', completion: true },
    { from: 'PAS', reported: 'ABT', results: true, to: 'ABT', completion: true },
    { from: 'RUN', reported: 'RUN', results: true, ignored: 'status unchanged' },
    { from: 'COM', reported: 'RUN', results: true, ignored: 'job is already Complete' },
    { from: 'ERR', reported: 'COM', results: true, ignored: 'job is already Error' },
    { from: 'ABT', reported: 'RUN', results: true, ignored: 'job is already Aborted' },
    { from: 'RES', reported: 'RUN', results: true, ignored: 'job is already Results-Ready' },
  ];
  for (const c of cases) {
    test(`${c.from} + report ${c.reported}${c.results ? '' : ' (no results step)'}`, () => {
      const outcome = planReport(job(c.from), { code: c.reported }, { hasResultsStep: c.results, now });
      if (c.ignored) {
        assert.deepEqual(outcome, { kind: 'ignore', reason: c.ignored });
        return;
      }
      assert.equal(outcome.kind, 'apply');
      if (outcome.kind !== 'apply') return;
      assert.equal(outcome.plan.to.code, c.to);
      assert.equal(outcome.plan.times.startTime, c.start ? now : undefined);
      assert.equal(outcome.plan.times.completionTime, c.completion ? now : undefined);
      assert.equal(outcome.plan.processResults, c.processResults ?? false);
    });
  }

  test('start time is kept when already set', () => {
    const outcome = planReport(job('SUB', { startTime: earlier }), { code: 'RUN' }, { hasResultsStep: true, now });
    assert.equal(outcome.kind === 'apply' && outcome.plan.times.startTime, undefined);
  });

  test('an unclassified custom status still follows its scheduler', () => {
    const outcome = planReport(
      { status: { code: 'OTH', other: 'Meshing' }, startTime: null, completionTime: null },
      { code: 'COM' }, { hasResultsStep: true, now },
    );
    assert.equal(outcome.kind === 'apply' && outcome.plan.to.code, 'RES');
  });

  test('a custom status classified terminal is finished', () => {
    const outcome = planReport(
      { status: { code: 'OTH', other: 'Archived' }, startTime: null, completionTime: null },
      { code: 'RUN' }, { hasResultsStep: true, custom: new Map([['Archived', 'terminal']]), now },
    );
    assert.deepEqual(outcome, { kind: 'ignore', reason: 'job is already Archived' });
  });
});

describe('manual status', () => {
  const manualCases: [StatusCode, StoredStatus, 'apply' | 'ignore', StatusCode?][] = [
    ['SUB', { code: 'RUN' }, 'apply', 'RUN'],
    ['RUN', { code: 'OTH', other: 'Post-processing' }, 'apply', 'OTH'],
    ['RUN', { code: 'COM' }, 'apply', 'COM'],
    ['COM', { code: 'RUN' }, 'ignore'],
    ['ERR', { code: 'OTH', other: 'Investigating' }, 'ignore'],
    ['PAS', { code: 'PAS' }, 'ignore'],
  ];
  for (const [from, to, kind, result] of manualCases) {
    test(`${from} → ${to.other ?? to.code} (BASIC)`, () => {
      const outcome = planManual(job(from), to, { hasResultsStep: false, now });
      assert.equal(outcome.kind, kind);
      if (outcome.kind === 'apply') assert.equal(outcome.plan.to.code, result);
    });
  }

  test('finished job explains how to run it again', () => {
    const outcome = planManual(job('ABT'), { code: 'RUN' }, { hasResultsStep: false });
    assert.equal(outcome.kind === 'ignore' && outcome.reason, 'job is Aborted, a finished status; resubmit it to run it again');
  });
});

describe('results processing', () => {
  test('Results-Ready and Various-Complete end Complete with a completion time', () => {
    for (const code of ['RES', 'VCP'] as const) {
      const outcome = planResultsDone(job(code), now);
      assert.equal(outcome.kind === 'apply' && outcome.plan.to.code, 'COM');
      assert.equal(outcome.kind === 'apply' && outcome.plan.times.completionTime, now);
    }
  });
  test('failed results processing is an Error, not Complete', () => {
    const outcome = planResultsFailed(job('RES'), now);
    assert.equal(outcome.kind === 'apply' && outcome.plan.to.code, 'ERR');
  });
  test('results of a job that is not waiting for them are ignored', () => {
    assert.equal(planResultsDone(job('ERR')).kind, 'ignore');
    assert.equal(planResultsFailed(job('COM')).kind, 'ignore');
  });
});

describe('run time', () => {
  const t = (s: number) => new Date(earlier.getTime() + s * 1000);
  const cases: [string, { startTime: Date | null; executeTime: Date | null; completionTime: Date | null }, number | null][] = [
    ['never run', { startTime: null, executeTime: null, completionTime: null }, null],
    ['running since start', { startTime: t(0), executeTime: null, completionTime: null }, 10],
    ['falls back to execute time', { startTime: null, executeTime: t(4), completionTime: null }, 6],
    ['finished', { startTime: t(1), executeTime: t(0), completionTime: t(8.9) }, 7],
  ];
  for (const [name, times, expected] of cases) test(name, () => assert.equal(runTimeSeconds(times, now), expected));
});
