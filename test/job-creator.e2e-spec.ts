/**
 * JobCreator's group commit against real PostgreSQL and Redis: a group with
 * one job PostgreSQL refuses still creates the others, and the refused one
 * gets its own 400 (here: its scheduler removed after the name was looked up).
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JobCreator } from '../apps/api/src/jobs/job-creator.js';
import { OutboxPublisher } from '../apps/api/src/jobs/outbox-publisher.js';
import { QUEUE_BY_JOB_TYPE } from '../libs/contracts/src/index.js';
import { DomainError } from '../libs/domain/src/index.js';
import { JobsRepository, type NewJob } from '../libs/persistence/src/index.js';
import { QueueGateway } from '../libs/queue/src/index.js';
import { Stack } from './support/stack.js';

describe('JobCreator (group commit)', () => {
  let stack: Stack;
  let queues: QueueGateway;
  let creator: JobCreator;

  before(async () => {
    stack = await Stack.start();
    queues = new QueueGateway(stack.env.REDIS_URL, stack.prefix);
    const jobs = new JobsRepository(stack.ds);
    creator = new JobCreator(stack.ds, jobs, new OutboxPublisher(queues));
  });
  after(async () => {
    await queues?.close();
    await stack?.close();
  });

  const job = (name: string, schedulerId: string | null = null): NewJob => ({
    name, description: '', userId: 'u', label: 'app', jobType: 'BASIC', groups: [], workspace: '/ws',
    extendedProperties: {}, processResultsFunction: null, spec: {}, schedulerId,
  });

  test('one refused job in a group: the others are created and queued, the refused one is a 400 naming the scheduler', async () => {
    const execute = { queue: QUEUE_BY_JOB_TYPE.BASIC, action: 'execute' as const };
    const results = await Promise.allSettled([
      creator.create(job('a'), execute),
      creator.create(job('gone', '987654321'), execute),
      creator.create(job('b'), execute),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    assert.equal(results[2].status, 'fulfilled');
    assert.equal(results[1].status, 'rejected');
    const err = (results[1] as PromiseRejectedResult).reason;
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.message, 'scheduler: was removed while the job was being created');
    const rows = await stack.ds.query(`SELECT name FROM jobs ORDER BY name`);
    assert.deepEqual(rows.map((r: { name: string }) => r.name), ['a', 'b']);
    for (const r of results.filter((x) => x.status === 'fulfilled')) {
      const outboxId = (r as PromiseFulfilledResult<Awaited<ReturnType<JobCreator['create']>>>).value.outbox[0].id;
      assert.notEqual(await queues.stateOf({ id: outboxId, jobId: '', queue: QUEUE_BY_JOB_TYPE.BASIC, action: 'execute', availableAt: new Date() }), 'unknown');
    }
  });
});
