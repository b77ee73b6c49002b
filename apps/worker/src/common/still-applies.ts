import { actionRefusal, type UserAction } from '../../../../libs/domain/src/index.js';
import { storedStatus } from '../../../../libs/persistence/src/index.js';
import type { ActionContext } from '../runtime/action-context.js';

/** Re-checks the enable rule at handling time; a job that moved on meanwhile needs nothing, and the action is settled. */
export async function stillApplies(ctx: ActionContext, action: Exclude<UserAction, 'delete'>): Promise<boolean> {
  if (actionRefusal(action, storedStatus(ctx.job), ctx.custom) === null) return true;
  await ctx.done();
  return false;
}
