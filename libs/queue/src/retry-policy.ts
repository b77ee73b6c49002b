import type { JobAction } from '../../contracts/src/index.js';

/** Retry and locking per action, in one table. */
export interface ActionPolicy {
  attempts: number;
  backoffMs: number;
}

export const ACTION_POLICY: Record<JobAction | 'scheduler-poll', ActionPolicy> = {
  execute: { attempts: 5, backoffMs: 2000 },
  stop: { attempts: 5, backoffMs: 2000 },
  pause: { attempts: 5, backoffMs: 2000 },
  resume: { attempts: 5, backoffMs: 2000 },
  resubmit: { attempts: 5, backoffMs: 2000 },
  delete: { attempts: 8, backoffMs: 2000 },
  refresh: { attempts: 2, backoffMs: 1000 },
  'process-results': { attempts: 6, backoffMs: 3000 },
  'scheduler-poll': { attempts: 1, backoffMs: 0 },
};

/** How long finished queue entries are kept (they are transport, the outbox is the record). */
export const REMOVE_ON_COMPLETE = { age: 3600, count: 1000 };
export const REMOVE_ON_FAIL = { age: 7 * 24 * 3600, count: 5000 };
