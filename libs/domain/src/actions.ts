import { CustomStatuses, StoredStatus, displayStatus, inCategory } from './status.js';

/** The only actions that exist; there is no "call any method". */
export const USER_ACTIONS = ['execute', 'stop', 'pause', 'resume', 'resubmit', 'delete'] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/**
 * Whether an action applies to a job in this status (the jobs table's enable
 * rules, enforced by the server). Returns the reason when it does not.
 */
export function actionRefusal(action: UserAction, status: StoredStatus, custom?: CustomStatuses): string | null {
  const shown = displayStatus(status);
  switch (action) {
    case 'execute':
      return status.code === 'PEN' ? null : `only a Pending job can be executed; this job is ${shown}`;
    case 'stop':
      return inCategory(status, 'active', custom) ? null : `only an active job (Submitted, Running, Various, Paused) can be stopped; this job is ${shown}`;
    case 'pause':
      return inCategory(status, 'running', custom) ? null : `only a running job (Running, Various) can be paused; this job is ${shown}`;
    case 'resume':
      return status.code === 'PAS' ? null : `only a Paused job can be resumed; this job is ${shown}`;
    case 'resubmit':
      return inCategory(status, 'terminal', custom) ? null : `only a finished job (Complete, Error, Aborted, Various-Complete, Results-Ready) can be resubmitted; this job is ${shown}`;
    case 'delete':
      return inCategory(status, 'active', custom) ? `an active job cannot be deleted; stop it first (this job is ${shown})` : null;
  }
}
