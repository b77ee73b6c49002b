import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actionRefusal, USER_ACTIONS, UserAction } from './actions.js';
import { STATUS_CODES, StatusCode } from './status.js';

/** The jobs table's enable rules: which statuses allow each action. */
const ALLOWED: Record<UserAction, StatusCode[]> = {
  execute: ['PEN'],
  stop: ['SUB', 'RUN', 'VAR', 'PAS'],
  pause: ['RUN', 'VAR'],
  resume: ['PAS'],
  resubmit: ['COM', 'ERR', 'ABT', 'VCP', 'RES'],
  delete: ['PEN', 'COM', 'ERR', 'ABT', 'VCP', 'RES', 'OTH'],
};

describe('action enable rules', () => {
  for (const action of USER_ACTIONS) {
    for (const code of STATUS_CODES) {
      const allowed = ALLOWED[action].includes(code);
      test(`${action} on ${code}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const refusal = actionRefusal(action, { code, other: code === 'OTH' ? 'Custom' : null });
        if (allowed) assert.equal(refusal, null);
        else assert.match(refusal ?? '', /this job is|an active job/);
      });
    }
  }
  test('a custom status classified running can be paused and stopped, not deleted', () => {
    const custom = new Map([['Meshing', 'running' as const]]);
    const status = { code: 'OTH' as const, other: 'Meshing' };
    assert.equal(actionRefusal('pause', status, custom), null);
    assert.equal(actionRefusal('stop', status, custom), null);
    assert.match(actionRefusal('delete', status, custom) ?? '', /stop it first/);
  });
});
