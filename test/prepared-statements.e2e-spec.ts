/**
 * Hot-path statements are named prepared statements: check they run on real
 * PostgreSQL like plain ones, in and out of transactions, and survive a
 * schema change made while the service runs (a migration during a rolling
 * deploy), which PostgreSQL reports as "cached plan must not change result type".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../libs/contracts/src/index.js';
import { JobsRepository } from '../libs/persistence/src/index.js';
import { migratedDatabase } from './support/database.js';

describe('prepared hot-path statements', () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>> | undefined;
  let ds: DataSource;
  let jobs: JobsRepository;

  before(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    jobs = new JobsRepository(ds);
  });
  after(() => db?.drop());

  const newJob = (name: string) => ({
    name, description: '', userId: 'u', label: 'app', jobType: 'BASIC' as const, groups: ['g1'], workspace: '/ws',
    extendedProperties: {}, processResultsFunction: null, spec: {}, schedulerId: null,
  });

  test('the same statement serves many calls on every pooled connection, and inside a transaction', async () => {
    const created = await Promise.all(Array.from({ length: 30 }, (_, i) => jobs.create(newJob(`p-${i}-{id}`), { queue: QUEUE_BY_JOB_TYPE.BASIC, action: 'execute' })));
    for (const { job, outbox } of created) {
      assert.equal(job.name, `p-${job.name.split('-')[1]}-${job.id}`);
      const action = await jobs.forAction(outbox[0].id);
      assert.equal(action?.state, 'pending');
      assert.equal(action?.job?.id, job.id);
      assert.deepEqual(action?.job?.groups.map((g) => g.groupName), ['g1']);
    }
    const inTx = await ds.transaction(async (m) => {
      const { job } = await jobs.create(newJob('tx'), null, m);
      return jobs.findById(job.id, m);
    });
    assert.equal(inTx?.name, 'tx');
  });

  test('a column added under prepared statements: the next calls prepare them again and see it', async () => {
    const { job } = await jobs.create(newJob('before'), null);
    await Promise.all(Array.from({ length: 10 }, () => jobs.findById(job.id))); // prepared on several connections
    await ds.query(`ALTER TABLE jobs ADD COLUMN added_later int NOT NULL DEFAULT 7`);
    const again = await Promise.all(Array.from({ length: 10 }, () => jobs.findById(job.id)));
    assert.ok(again.every((j) => j?.name === 'before'));
    const [raw] = await ds.query(`SELECT added_later FROM jobs WHERE id = $1`, [job.id]);
    assert.equal(raw.added_later, 7);
  });
});
