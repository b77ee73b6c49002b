import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messageWithDetails } from './dask-messages.js';

describe('Dask status messages', () => {
  test('a short traceback is kept whole after the message', () => {
    assert.equal(messageWithDetails('the task raised X', 'File "a.py"'), 'the task raised X\nFile "a.py"');
  });
  test('a long traceback keeps the message and its end, within 2048 characters', () => {
    const details = `${'a'.repeat(5000)}LAST LINE`;
    const text = messageWithDetails('the task raised X', details);
    assert.equal(text.length, 2048);
    assert.ok(text.startsWith('the task raised X\n…'));
    assert.ok(text.endsWith('LAST LINE'));
  });
});
