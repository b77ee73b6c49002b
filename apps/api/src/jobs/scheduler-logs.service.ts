import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { LogFileDto, LogsReply, QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import { DomainError, notFound } from '../../../../libs/domain/src/index.js';
import type { JobEntity } from '../../../../libs/persistence/src/index.js';
import { QueueGateway, RequestTimeout } from '../../../../libs/queue/src/index.js';
import { JobTypeRegistry } from './job-type-registry.js';

const TIMEOUT_MS = 30_000;

/**
 * Logs of a job still on its scheduler (before its outputs are synced). The
 * API never talks to schedulers: the job type's worker reads them and
 * answers through the queue.
 */
@Injectable()
export class SchedulerLogs {
  constructor(
    private readonly queues: QueueGateway,
    private readonly types: JobTypeRegistry,
  ) {}

  /** Whether (some of) the job's logs are read from its scheduler rather than its directory. */
  onScheduler(job: JobEntity): boolean {
    return job.runtime?.logsOnScheduler === true || this.types.get(job.jobType)?.logsOnScheduler?.(job) === true;
  }

  async list(job: JobEntity): Promise<LogFileDto[]> {
    const reply = await this.ask(job, null);
    if ('files' in reply) return reply.files;
    throw notFound(`logs of job ${job.id}`);
  }

  async open(job: JobEntity, path: string): Promise<{ stream: Readable; size: number; name: string }> {
    const reply = await this.ask(job, path);
    if (!('content' in reply)) throw new DomainError('not_found', 'missing' in reply ? reply.missing : `log file "${path}" of job ${job.id} not found`);
    const data = Buffer.from(reply.content, 'utf8');
    return { stream: Readable.from([data]), size: data.length, name: path.split('/').pop()! };
  }

  private async ask(job: JobEntity, path: string | null): Promise<LogsReply> {
    try {
      return await this.queues.request<LogsReply>(QUEUE_BY_JOB_TYPE[job.jobType], { kind: 'logs', jobId: job.id, path }, TIMEOUT_MS);
    } catch (err) {
      const why = err instanceof RequestTimeout ? `no ${job.jobType} worker answered within ${TIMEOUT_MS / 1000} s` : (err as Error).message;
      throw new DomainError('unavailable', `the logs of job ${job.id} are still on its scheduler and could not be read: ${why}`);
    }
  }
}
