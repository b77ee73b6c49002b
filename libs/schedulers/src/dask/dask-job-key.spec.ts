import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { daskJobKey, parseDaskJobKey } from './dask-job-key.js';

describe('Dask job keys', () => {
  test('the same job and attempt always give the same key; another attempt another key', () => {
    assert.equal(daskJobKey('cja', '42', 1), daskJobKey('cja', '42', 1));
    assert.notEqual(daskJobKey('cja', '42', 1), daskJobKey('cja', '42', 2));
    assert.notEqual(daskJobKey('cja', '42', 1), daskJobKey('other', '42', 1));
  });
  test('keys parse back to job and attempt, only in their own namespace', () => {
    assert.deepEqual(parseDaskJobKey('cja-x', daskJobKey('cja-x', '42', 3)), { jobId: '42', attempt: 3 });
    assert.equal(parseDaskJobKey('cja', daskJobKey('cja-x', '42', 3)), null);
    assert.equal(parseDaskJobKey('cja', 'cja-job-42-attempt-1-processed'), null);
    assert.equal(parseDaskJobKey('cja', 'something-else'), null);
  });
});
