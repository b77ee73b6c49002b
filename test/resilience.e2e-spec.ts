import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const JOBS = '/api/v1/apps/res/jobs';

/** Counts, per job, how many times it went to Submitted: must be exactly once. */
async function submittedCounts(stack: Stack, ids: string[]): Promise<Map<string, number>> {
  const rows: { job_id: string; n: string }[] = await stack.ds.query(
    `SELECT job_id, count(*) AS n FROM job_events WHERE job_id = ANY($1) AND to_status = 'SUB' GROUP BY job_id`,
    [ids],
  );
  return new Map(rows.map((r) => [String(r.job_id), Number(r.n)]));
}

async function createExecuted(client: ApiClient, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await client.post(JOBS, { name: `r-${i}`, jobType: 'BASIC', execute: true })).body.id);
  return ids;
}

describe('no action lost or applied twice', () => {
  let stack: Stack;
  let client: ApiClient;

  before(async () => {
    stack = await Stack.start({ jobTypes: ['basic'] });
    client = await stack.client('res', 'alice');
  });
  after(() => stack?.close());

  test('a worker killed with SIGKILL mid-batch: every action completes exactly once after restart', async () => {
    await stack.worker!.stop();
    const ids = await createExecuted(client, 300);
    await stack.startWorker();
    await waitFor('the worker to be part-way through', async () => {
      const [{ n }] = await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE id = ANY($1) AND status = 'SUB'`, [ids]);
      return Number(n) > 0;
    }, 15_000, 5);
    await stack.worker!.kill();
    const [{ n: doneBefore }] = await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE id = ANY($1) AND status = 'SUB'`, [ids]);
    await stack.startWorker();
    await waitFor('all jobs Submitted', async () => {
      const [{ n }] = await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE id = ANY($1) AND status = 'SUB'`, [ids]);
      return Number(n) === ids.length;
    }, 30_000);
    const counts = await submittedCounts(stack, ids);
    assert.deepEqual([...new Set(counts.values())], [1], 'each job reached Submitted once');
    const attempts = await stack.ds.query(`SELECT DISTINCT attempt FROM jobs WHERE id = ANY($1)`, [ids]);
    assert.deepEqual(attempts, [{ attempt: 1 }]);
    const [{ pending }] = await stack.ds.query(`SELECT count(*) AS pending FROM outbox WHERE job_id = ANY($1) AND state <> 'done'`, [ids]);
    assert.equal(Number(pending), 0);
    assert.ok(Number(doneBefore) < ids.length, 'the kill happened mid-batch');
  });

  test('Redis losing every queue entry while actions are pending: the relay restores them', async () => {
    await stack.worker!.stop();
    const ids = await createExecuted(client, 40);
    const [{ n: queued }] = await stack.ds.query(
      `SELECT count(*) AS n FROM outbox WHERE job_id = ANY($1) AND state = 'pending' AND enqueued_at IS NOT NULL`, [ids],
    );
    assert.equal(Number(queued), ids.length, 'all were handed to Redis');
    assert.ok((await stack.flushQueues()) > 0, 'queue keys were deleted');
    await stack.startWorker();
    await waitFor('all jobs Submitted after the relay re-enqueued them', async () => {
      const [{ n }] = await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE id = ANY($1) AND status = 'SUB'`, [ids]);
      return Number(n) === ids.length;
    }, 30_000);
    const counts = await submittedCounts(stack, ids);
    assert.equal(counts.size, ids.length);
    assert.deepEqual([...new Set(counts.values())], [1]);
  });

  test('SIGTERM stops the worker within its shutdown bound', async () => {
    const { forced } = await stack.worker!.stop(10_000);
    assert.equal(forced, false, `worker had to be killed\n${stack.worker!.tail()}`);
    assert.match(stack.worker!.tail(), /shutting down on SIGTERM/);
  });
});
