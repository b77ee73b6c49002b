import { DataSource } from 'typeorm';
import { jobDirectory } from '../../../../libs/domain/src/index.js';
import { JobEntity, SchedulerEntity, SchedulersRepository } from '../../../../libs/persistence/src/index.js';
import { PermanentFailure } from '../../../../libs/queue/src/index.js';
import { BackendRejection, CondorBackend, SchedulerRunners, SshError, type BackendJob } from '../../../../libs/schedulers/src/index.js';
import { SecretDecryptionError } from '../../../../libs/persistence/src/index.js';
import type { WorkerServices } from '../runtime/worker-services.js';
import { StatusReporter } from '../runtime/status-reporter.js';

/** What the CONDOR handlers, the poll and the event-log watcher share in one worker process. */
export class CondorServices {
  readonly runners: SchedulerRunners;
  readonly backend: CondorBackend;
  readonly schedulers: SchedulersRepository;
  readonly reporter: StatusReporter;
  readonly ds: DataSource;

  constructor(readonly worker: WorkerServices) {
    this.ds = worker.ds;
    this.runners = new SchedulerRunners(worker.config.secretsKey);
    this.backend = new CondorBackend(this.runners);
    this.schedulers = new SchedulersRepository(worker.ds, worker.config.secretsKey);
    this.reporter = new StatusReporter(worker.ds, worker.queues);
  }

  /** The job's scheduler; a job without one cannot run, whatever the retries. */
  async schedulerOf(job: JobEntity): Promise<SchedulerEntity> {
    const scheduler = job.schedulerId ? await this.schedulers.findById(job.schedulerId) : null;
    if (!scheduler) throw new PermanentFailure(`job ${job.id} has no scheduler (it was removed); create the job again on an existing scheduler`);
    return scheduler;
  }
}

/** The backend's view of a job row, with runtime fields overridden. */
export function backendJob(job: JobEntity, runtime: Record<string, unknown> = {}): BackendJob {
  return {
    id: job.id,
    name: job.name,
    attempt: job.attempt,
    jobDir: jobDirectory(job.workspace, job.id),
    workspace: job.workspace,
    spec: job.spec,
    runtime: { ...job.runtime, ...runtime },
  };
}

/**
 * Runs a scheduler operation, turning failures that retrying cannot fix
 * (a changed host key, a rejected key, a job the scheduler refuses, an
 * undecryptable secret) into permanent ones, so the job fails at once with
 * that message instead of after hours of retries.
 */
export async function hopeless<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    const permanent = err instanceof BackendRejection || err instanceof SecretDecryptionError || (err instanceof SshError && !err.retryable);
    throw permanent ? new PermanentFailure((err as Error).message) : err;
  }
}
