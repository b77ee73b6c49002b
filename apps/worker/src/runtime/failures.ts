import { planResultsFailed } from '../../../../libs/domain/src/index.js';
import { jobClock } from '../../../../libs/persistence/src/index.js';
import type { ActionContext } from './action-context.js';

const MAX_MESSAGE = 2000;
const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s);

/**
 * What an action that failed for good leaves behind, for every job type:
 * a failed execute or resubmit is an Error that keeps its reason (Tethys lost
 * it); failed results processing is an Error, not a silent Complete; a failed
 * delete brings the job back so it can be retried; other failures are
 * explained in the status message.
 */
export async function recordFailure(ctx: ActionContext, error: Error): Promise<void> {
  const reason = clip(`${ctx.action} failed: ${error.message}`);
  switch (ctx.action) {
    case 'execute':
    case 'resubmit':
      if (!(await ctx.moveTo({ code: 'ERR' }, { statusMessage: reason }, reason))) await ctx.record({ statusMessage: reason });
      return;
    case 'process-results': {
      const outcome = planResultsFailed(jobClock(ctx.job));
      if (outcome.kind === 'apply') await ctx.apply(outcome.plan, { statusMessage: reason }, reason);
      return;
    }
    case 'delete':
      await ctx.restoreDeleted(reason);
      return;
    default:
      await ctx.record({ statusMessage: reason });
  }
}
