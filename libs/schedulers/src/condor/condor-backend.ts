import type { SchedulerEntity } from '../../../persistence/src/index.js';
import { BackendRejection, type BackendJob, type BackendStatus, type JobBackend, type LogEntry } from '../backend.js';
import type { SchedulerRunners } from '../scheduler-runners.js';
import { actOnJobs, type JobTool } from './condor-commands.js';
import { cleanupCondorJob, fetchCondorOutputs, listCondorLogs, readCondorLog } from './condor-outputs.js';
import { condorRuntime, condorSubmitting, type CondorRuntime } from './condor-runtime.js';
import { condorStatuses } from './condor-status.js';
import { submitCondorJob } from './condor-submit.js';

/**
 * HTCondor behind {@link JobBackend}, over SSH or on this machine (a local
 * scheduler), with the commands condorpy used and the batching and
 * idempotency it lacked.
 */
export class CondorBackend implements JobBackend {
  constructor(private readonly runners: SchedulerRunners) {}

  /** Needs `runtime.submitting` (token and attempt), recorded by the caller before calling. */
  async submit(job: BackendJob, scheduler: SchedulerEntity): Promise<Record<string, unknown>> {
    const submitting = condorSubmitting(job.runtime);
    if (!submitting) throw new Error(`job ${job.id}: no submission token recorded before submitting`);
    return { ...(await submitCondorJob(this.runners.runner(scheduler), job, submitting)) };
  }

  statusOfMany(scheduler: SchedulerEntity, jobs: BackendJob[]): Promise<Map<string, BackendStatus>> {
    return condorStatuses(this.runners.runner(scheduler), jobs);
  }

  /** condor_rm; a cluster no longer in the queue is not an error (the caller asks for its status). */
  async stop(job: BackendJob, scheduler: SchedulerEntity): Promise<void> {
    await this.act('condor_rm', job, scheduler);
  }

  async hold(job: BackendJob, scheduler: SchedulerEntity): Promise<void> {
    await this.act('condor_hold', job, scheduler);
  }

  async release(job: BackendJob, scheduler: SchedulerEntity): Promise<void> {
    await this.act('condor_release', job, scheduler);
  }

  fetchOutputs(job: BackendJob, scheduler: SchedulerEntity): Promise<void> {
    return fetchCondorOutputs(this.runners.runner(scheduler), job);
  }

  listLogs(job: BackendJob, scheduler: SchedulerEntity): Promise<LogEntry[]> {
    return listCondorLogs(this.runners.runner(scheduler), job);
  }

  readLog(job: BackendJob, scheduler: SchedulerEntity, path: string): Promise<string> {
    return readCondorLog(this.runners.runner(scheduler), job, path);
  }

  cleanup(job: BackendJob, scheduler: SchedulerEntity): Promise<void> {
    return cleanupCondorJob(this.runners.runner(scheduler), job);
  }

  /** Whether the tool found anything to act on. */
  act(tool: JobTool, job: BackendJob, scheduler: SchedulerEntity): Promise<boolean> {
    return actOnJobs(this.runners.runner(scheduler), tool, { clusterId: submittedRuntime(job).clusterId });
  }
}

function submittedRuntime(job: BackendJob): CondorRuntime {
  const runtime = condorRuntime(job.runtime);
  if (!runtime) throw new BackendRejection(`job ${job.id} has not been submitted to HTCondor`);
  return runtime;
}
