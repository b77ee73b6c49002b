import { recordFailure } from '../runtime/failures.js';
import type { JobTypeModule } from '../runtime/job-type-module.js';
import type { WorkerServices } from '../runtime/worker-services.js';
import { pauseWorkflow, refreshWorkflow, resumeWorkflow, stopWorkflow } from './workflow-control.handlers.js';
import { WorkflowLogWatcher } from './workflow-log-watcher.js';
import { workflowLogs } from './workflow-logs.js';
import { WorkflowPoller } from './workflow-poller.js';
import { deleteWorkflow, processWorkflowResults } from './workflow-results.handlers.js';
import { WorkflowServices } from './workflow-services.js';
import { executeWorkflow, resubmitWorkflow } from './workflow-submit.handlers.js';
import { WorkflowTracker } from './workflow-tracker.js';

/**
 * CONDORWORKFLOW jobs: HTCondor DAGMan workflows submitted over SSH (or on
 * this machine for a local scheduler), tracked by a batched poll per
 * scheduler and pushed changes from each DAG's event logs; node statuses
 * are kept in `workflow_nodes`.
 */
export function condorWorkflowModule(services: WorkerServices): JobTypeModule {
  const wf = new WorkflowServices(services);
  const tracker = new WorkflowTracker(wf);
  const poller = new WorkflowPoller(wf, tracker);
  const watcher = new WorkflowLogWatcher(wf, tracker, services.config.eventLogIntervalMs);
  return {
    type: 'CONDORWORKFLOW',
    schedulerKind: 'condor',
    handlers: {
      execute: (ctx) => executeWorkflow(ctx, wf),
      resubmit: (ctx) => resubmitWorkflow(ctx, wf),
      stop: (ctx) => stopWorkflow(ctx, wf, poller),
      pause: (ctx) => pauseWorkflow(ctx, wf, poller),
      resume: (ctx) => resumeWorkflow(ctx, wf, poller),
      refresh: (ctx) => refreshWorkflow(ctx, poller),
      'process-results': (ctx) => processWorkflowResults(ctx, wf),
      delete: (ctx) => deleteWorkflow(ctx, wf),
    },
    onFailed: recordFailure,
    poll: (schedulerId) => poller.poll(schedulerId),
    logs: (jobId, path) => workflowLogs(wf, jobId, path),
    async start() {
      watcher.start();
    },
    async stop() {
      await watcher.stop();
      await wf.runners.close();
    },
  };
}
