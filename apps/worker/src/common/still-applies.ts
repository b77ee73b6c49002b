import { actionRefusal, UserAction } from '../../../../libs/domain/src/index.js';
import { storedStatus } from '../../../../libs/persistence/src/index.js';
import type { ActionContext } from '../runtime/action-context.js';

/**
 * Re-checks the enable rule at handling time; a job that moved on meanwhile
 * needs nothing, so the action is settled without a change.
 */
export async function stillApplies(ctx: ActionContext, action: Exclude<UserAction, 'delete'>): Promise<boolean> {
  if (actionRefusal(action, storedStatus(ctx.job), ctx.custom) === null) return true;
  await ctx.done();
  return false;
}
