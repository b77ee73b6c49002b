import { recordFailure } from '../runtime/failures.js';
import type { JobTypeModule } from '../runtime/job-type-module.js';
import type { WorkerServices } from '../runtime/worker-services.js';
import { condorLogs } from './condor-logs.js';
import { CondorServices } from './condor-services.js';
import { pauseCondorJob, refreshCondorJob, resumeCondorJob, stopCondorJob } from './control.handlers.js';
import { EventLogWatcher } from './event-log-watcher.js';
import { deleteCondorJob, processCondorResults } from './results.handlers.js';
import { CondorStatusPoller } from './status-poller.js';
import { executeCondorJob, resubmitCondorJob } from './submit.handlers.js';

/**
 * CONDOR jobs (alias CONDORJOB): HTCondor clusters submitted over SSH (or on
 * this machine for a local scheduler), tracked by a batched poll per
 * scheduler and pushed changes from the job event logs.
 */
export function condorModule(services: WorkerServices): JobTypeModule {
  const condor = new CondorServices(services);
  const poller = new CondorStatusPoller(condor);
  const watcher = new EventLogWatcher(condor, services.config.eventLogIntervalMs);
  return {
    type: 'CONDOR',
    schedulerKind: 'condor',
    handlers: {
      execute: (ctx) => executeCondorJob(ctx, condor),
      resubmit: (ctx) => resubmitCondorJob(ctx, condor),
      stop: (ctx) => stopCondorJob(ctx, condor),
      pause: (ctx) => pauseCondorJob(ctx, condor),
      resume: (ctx) => resumeCondorJob(ctx, condor),
      refresh: (ctx) => refreshCondorJob(ctx, condor),
      'process-results': (ctx) => processCondorResults(ctx, condor),
      delete: (ctx) => deleteCondorJob(ctx, condor),
    },
    onFailed: recordFailure,
    poll: (schedulerId) => poller.poll(schedulerId),
    logs: (jobId, path) => condorLogs(condor, jobId, path),
    async start() {
      watcher.start();
    },
    async stop() {
      await watcher.stop();
      await condor.runners.close();
    },
  };
}
