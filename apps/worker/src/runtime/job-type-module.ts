import type { JobAction, LogsReply } from '../../../../libs/contracts/src/index.js';
import type { JobType } from '../../../../libs/domain/src/index.js';
import type { SchedulerKind } from '../../../../libs/persistence/src/index.js';
import type { ActionContext } from './action-context.js';

export type ActionHandler = (ctx: ActionContext) => Promise<void>;

/**
 * Everything a worker needs to serve one job type: a handler for every
 * action, what to do when an action fails for good, and (for types with
 * schedulers) the batched status poll of one scheduler.
 */
export interface JobTypeModule {
  type: JobType;
  handlers: Record<JobAction, ActionHandler>;
  /** Called once when an action has failed its last attempt. */
  onFailed(ctx: ActionContext, error: Error): Promise<void>;
  schedulerKind?: SchedulerKind;
  poll?(schedulerId: string): Promise<void>;
  /** Lists (path null) or reads a log file of a job whose logs are still on its scheduler. */
  logs?(jobId: string, path: string | null): Promise<LogsReply>;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
