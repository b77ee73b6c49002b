import { promises as fs } from 'node:fs';
import path from 'node:path';
import { planResultsDone } from '../../../../libs/domain/src/index.js';
import { JobEntity, jobClock, SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import { PermanentFailure } from '../../../../libs/queue/src/index.js';
import { DaskBridgeError, rerunsMessage, type DaskResult } from '../../../../libs/schedulers/src/index.js';
import type { ActionContext } from '../runtime/action-context.js';
import type { ActionHandler } from '../runtime/job-type-module.js';
import type { DaskCluster } from './dask-cluster.js';
import { resultsDirectory, writeTraceback } from './dask-job-files.js';
import { daskRuntime } from './dask-runtime.js';

/** Larger JSON results are stored as a file rather than in the job row. */
const INLINE_MAX_BYTES = 64 * 1024;
/** Gathering (and processing) a result may take far longer than a status call. */
const RESULT_TIMEOUT_MS = 120_000;
/** Result failures retrying cannot fix. */
const PERMANENT = new Set(['BadRequest', 'Unserialisable', 'InvalidSettings']);

/**
 * Results-Ready → Complete: gathers the result once (after the optional
 * results-processing callable ran on the cluster), stores it inline or as a
 * file, then releases the task so the result leaves the workers' memory;
 * the job's logs name the snapshot of the cluster's logs taken as it ends.
 * Each step is recorded, so a retry resumes where the last attempt stopped.
 */
export function resultsHandler(cluster: DaskCluster): ActionHandler {
  return async (ctx) => {
    const job = ctx.job;
    const key = daskRuntime(job).daskKey;
    if (job.status !== 'RES' || !key) return ctx.done();
    const scheduler = await cluster.schedulerOf(job);
    if (!daskRuntime(job).resultStored && !(await storeResult(cluster, ctx, scheduler, key))) return;
    if (!daskRuntime(job).released) await cluster.backend.release(scheduler, key);
    const outcome = planResultsDone(jobClock(job));
    if (outcome.kind !== 'apply') return ctx.done();
    const clusterLogs = await cluster.logSnapshot(job, scheduler);
    await ctx.apply(outcome.plan, { runtime: { released: true, clusterLogs } }, 'results stored');
  };
}

/** Stores the result (or, with `forget`, nothing); false when the job ended otherwise meanwhile. */
async function storeResult(cluster: DaskCluster, ctx: ActionContext, scheduler: SchedulerEntity, key: string): Promise<boolean> {
  const job = ctx.job;
  if (job.spec.forget === true) {
    await ctx.record({ statusMessage: 'result not stored (forget)', runtime: { resultStored: true } });
    return true;
  }
  // The bridge creates the directory if the result is written as a file.
  const dir = resultsDirectory(job);
  const filePath = path.join(dir, 'result');
  const processWith = callableOf(job.processResultsFunction);
  let result: DaskResult;
  try {
    result = await cluster.backend.result(scheduler, key, { filePath, maxInlineBytes: INLINE_MAX_BYTES, processWith, timeoutMs: RESULT_TIMEOUT_MS });
  } catch (err) {
    if (!(err instanceof DaskBridgeError)) throw err;
    if (err.type === 'NotFound' && daskRuntime(job).cancelRequested === key) {
      // A stop cancelled the task just as it finished: the user asked for Aborted.
      await ctx.moveTo({ code: 'ABT' }, { statusMessage: 'stopped before its result was stored', runtime: { released: true } });
      return false;
    }
    throw await resultError(job, err, processWith);
  }
  if (result.state === 'erred') throw new PermanentFailure(`the Dask task failed after finishing: ${result.exception}`);
  const statusMessage = result.reruns ? rerunsMessage(result.reruns) : null;
  if (result.inline) {
    await ctx.record({ result: result.value, statusMessage, runtime: { resultStored: true, resultFile: null } });
    return true;
  }
  const name = `result.${result.format}`;
  await fs.rename(result.path, path.join(dir, name));
  const resultFile = { path: name, format: result.format, bytes: result.bytes, pythonType: result.pythonType };
  await ctx.record({ result: null, statusMessage, runtime: { resultStored: true, resultFile } });
  return true;
}

/** Why the result could not be stored; permanent unless retrying may help (e.g. Dask recomputing a lost result). */
async function resultError(job: JobEntity, err: DaskBridgeError, processWith: string | undefined): Promise<Error> {
  if (err.type === 'ProcessingFailed') {
    const [first, ...rest] = err.message.split('\n');
    await writeTraceback(job, 'process-results-traceback.txt', first, rest.join('\n'));
    return new PermanentFailure(`processResultsFunction ${processWith}: ${first}`);
  }
  if (err.type === 'NotFound') {
    return new PermanentFailure(`the Dask scheduler no longer has the result (${err.message}); resubmit the job to compute it again`);
  }
  return PERMANENT.has(err.type) ? new PermanentFailure(err.message) : err;
}

/** `package.module.function` (Tethys' dotted form) becomes `package.module:function`. */
function callableOf(name: string | null): string | undefined {
  if (!name) return undefined;
  return name.includes(':') ? name : name.replace(/\.(?=[^.]*$)/, ':');
}
