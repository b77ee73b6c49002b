import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CustomStatuses, displayStatus, inCategory, resolveStatus, STATUS_CODES, StatusCategory, StoredStatus,
} from './status.js';

describe('statuses', () => {
  test('eleven statuses in Tethys order', () => {
    assert.deepEqual(STATUS_CODES, ['PEN', 'SUB', 'RUN', 'VAR', 'PAS', 'COM', 'ERR', 'ABT', 'VCP', 'RES', 'OTH']);
  });

  const resolveCases: [string, StoredStatus][] = [
    ['RUN', { code: 'RUN' }],
    ['Running', { code: 'RUN' }],
    ['running', { code: 'RUN' }],
    ['Various-Complete', { code: 'VCP' }],
    ['Results-Ready', { code: 'RES' }],
    ['Other', { code: 'OTH' }],
    ['Preparing data', { code: 'OTH', other: 'Preparing data' }],
    ['  COM ', { code: 'COM' }],
  ];
  for (const [input, expected] of resolveCases) {
    test(`resolveStatus(${JSON.stringify(input)})`, () => assert.deepEqual(resolveStatus(input), expected));
  }

  test('display of custom status is its text', () => {
    assert.equal(displayStatus({ code: 'OTH', other: 'Meshing' }), 'Meshing');
    assert.equal(displayStatus({ code: 'OTH' }), 'Other');
    assert.equal(displayStatus({ code: 'VCP' }), 'Various-Complete');
  });

  const custom: CustomStatuses = new Map([
    ['Queued upstream', 'pre-running'],
    ['Meshing', 'running'],
    ['Waiting on user', 'active'],
    ['Archived', 'terminal'],
  ]);
  const categoryCases: [StoredStatus, StatusCategory[]][] = [
    [{ code: 'PEN' }, ['pre-running', 'non-terminal']],
    [{ code: 'SUB' }, ['pre-running', 'active', 'non-terminal']],
    [{ code: 'RUN' }, ['running', 'active', 'non-terminal']],
    [{ code: 'VAR' }, ['running', 'active', 'non-terminal']],
    [{ code: 'PAS' }, ['active', 'non-terminal']],
    [{ code: 'COM' }, ['terminal']],
    [{ code: 'ERR' }, ['terminal']],
    [{ code: 'ABT' }, ['terminal']],
    [{ code: 'VCP' }, ['terminal']],
    [{ code: 'RES' }, ['terminal']],
    [{ code: 'OTH', other: 'Unclassified' }, []],
    [{ code: 'OTH', other: 'Queued upstream' }, ['pre-running', 'non-terminal']],
    [{ code: 'OTH', other: 'Meshing' }, ['running', 'active', 'non-terminal']],
    [{ code: 'OTH', other: 'Waiting on user' }, ['active', 'non-terminal']],
    [{ code: 'OTH', other: 'Archived' }, ['terminal']],
  ];
  const all: StatusCategory[] = ['pre-running', 'running', 'active', 'non-terminal', 'terminal'];
  for (const [status, expected] of categoryCases) {
    test(`categories of ${displayStatus(status)}`, () => {
      assert.deepEqual(all.filter((c) => inCategory(status, c, custom)), expected);
    });
  }
});
