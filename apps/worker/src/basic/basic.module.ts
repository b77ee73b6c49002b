import { planResultsDone } from '../../../../libs/domain/src/index.js';
import { jobClock } from '../../../../libs/persistence/src/index.js';
import { deleteJobRecord } from '../common/delete-job.js';
import { stillApplies } from '../common/still-applies.js';
import { recordFailure } from '../runtime/failures.js';
import type { JobTypeModule } from '../runtime/job-type-module.js';

/**
 * BASIC jobs have no backend, as in Tethys: execute → Submitted, stop →
 * Aborted, pause → Paused, resume and resubmit → Running. Their status then
 * changes through PATCH or the status callback URL.
 */
export const basicModule: JobTypeModule = {
  type: 'BASIC',
  handlers: {
    async execute(ctx) {
      if (!(await stillApplies(ctx, 'execute'))) return;
      await ctx.moveTo({ code: 'SUB' }, { executeTime: new Date(), attempt: ctx.job.attempt + 1, statusMessage: null });
    },
    async stop(ctx) {
      if (await stillApplies(ctx, 'stop')) await ctx.moveTo({ code: 'ABT' });
    },
    async pause(ctx) {
      if (await stillApplies(ctx, 'pause')) await ctx.moveTo({ code: 'PAS' });
    },
    async resume(ctx) {
      if (await stillApplies(ctx, 'resume')) await ctx.moveTo({ code: 'RUN' });
    },
    async resubmit(ctx) {
      if (!(await stillApplies(ctx, 'resubmit'))) return;
      const now = new Date();
      await ctx.moveTo(
        { code: 'RUN' },
        { executeTime: now, startTime: now, completionTime: null, statusMessage: null, attempt: ctx.job.attempt + 1 },
      );
    },
    delete: deleteJobRecord,
    async refresh(ctx) {
      await ctx.done();
    },
    async 'process-results'(ctx) {
      const outcome = planResultsDone(jobClock(ctx.job));
      if (outcome.kind === 'apply') await ctx.apply(outcome.plan, {}, 'results processed');
      else await ctx.done();
    },
  },
  onFailed: recordFailure,
};
