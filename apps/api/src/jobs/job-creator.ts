import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Batcher, batchOrEach } from '../../../../libs/batching/src/index.js';
import { invalid } from '../../../../libs/domain/src/index.js';
import { CreatedJob, FirstAction, JobCreation, JobsRepository, NewJob } from '../../../../libs/persistence/src/index.js';
import type { ParsedTypeFields } from './job-type-registry.js';
import { OutboxPublisher } from './outbox-publisher.js';

/** Rows of the job's own type (e.g. workflow nodes), written in the job's transaction. */
type SaveWith = NonNullable<ParsedTypeFields['saveWith']>;

/**
 * Writes new jobs and hands their first actions to the queue. Concurrent
 * creates are grouped: one statement and one commit for the group, then one
 * queue round trip for all of their actions. A group PostgreSQL refuses is
 * written job by job, so only the job at fault fails.
 */
@Injectable()
export class JobCreator {
  private readonly batcher = new Batcher<JobCreation, CreatedJob, 'jobs'>((_, items) => this.write(items), { maxBatch: 100, maxInFlight: 4 });

  constructor(
    private readonly ds: DataSource,
    private readonly jobs: JobsRepository,
    private readonly publisher: OutboxPublisher,
  ) {}

  async create(job: NewJob, firstAction: FirstAction | null, saveWith?: SaveWith): Promise<CreatedJob> {
    if (!saveWith) return this.batcher.add('jobs', { job, firstAction });
    // The job, its first action and its type's own rows, atomically: a worker never sees a workflow without its nodes.
    const created = await this.ds.transaction(async (m) => {
      const result = await this.jobs.create(job, firstAction, m);
      await saveWith(m, result.job.id);
      return result;
    }).catch((err: Error) => Promise.reject(refusal(err)));
    await this.publisher.publish(created.outbox);
    return created;
  }

  private async write(items: JobCreation[]): Promise<(CreatedJob | Error)[]> {
    const results = (await batchOrEach(items, (batch) => this.jobs.createMany(batch))).map((r) => (r instanceof Error ? refusal(r) : r));
    await this.publisher.publish(results.flatMap((r) => (r instanceof Error ? [] : r.outbox)));
    return results;
  }
}

/** A scheduler removed between the create's lookup of its name and the insert is the caller's 400, not a 500. */
function refusal(err: Error): Error {
  const { code, constraint } = err as { code?: string; constraint?: string };
  return code === '23503' && constraint === 'jobs_scheduler_id_fkey' ? invalid('scheduler', 'was removed while the job was being created') : err;
}
