import type { ActionContext } from '../runtime/action-context.js';
import { removeJobFiles } from './job-files.js';

/** The last step of every delete: local files, then the row (groups cascade; events stay as history). */
export async function deleteJobRecord(ctx: ActionContext): Promise<void> {
  await removeJobFiles(ctx.job);
  await ctx.deleteRow();
}
