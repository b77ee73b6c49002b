/**
 * Status changes and action reads made at the same time share statements
 * (group commit): check on real PostgreSQL that each caller still gets its
 * own result, that a job's changes apply in the order they were made, and
 * that one stale change does not hold back the others.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../libs/contracts/src/index.js';
import type { StatusCode, TransitionPlan } from '../libs/domain/src/index.js';
import { JobEntity, JobsRepository, JobWriter } from '../libs/persistence/src/index.js';
import { migratedDatabase } from './support/database.js';

const plan = (from: StatusCode, to: StatusCode, other?: string): TransitionPlan => ({
  from: { code: from }, to: { code: to, ...(other ? { other } : {}) }, times: {}, processResults: false,
});

describe('grouped status writes and action reads', () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>> | undefined;
  let ds: DataSource;
  let jobs: JobsRepository;
  let writer: JobWriter;

  before(async () => {
    db = await migratedDatabase();
    ds = db.ds;
    jobs = new JobsRepository(ds);
    writer = new JobWriter(ds);
  });
  after(() => db?.drop());

  const createJobs = async (n: number) => Promise.all(Array.from({ length: n }, (_, i) => jobs.create({
    name: `g-${i}`, description: '', userId: 'u', label: 'app', jobType: 'BASIC', groups: [`team${i % 3}`], workspace: '/ws',
    extendedProperties: { keep: i }, processResultsFunction: null, spec: {}, schedulerId: null,
  }, { queue: QUEUE_BY_JOB_TYPE.BASIC, action: 'execute' })));

  const events = async (id: string) =>
    (await ds.query(`SELECT from_status, to_status, message, groups FROM job_events WHERE job_id = $1 AND type = 'status' ORDER BY id`, [id]));

  test('concurrent reads and changes: each gets its own job, fields, event and settled action', async () => {
    const created = await createJobs(40);
    const reads = await Promise.all([...created.map((c) => jobs.forAction(c.outbox[0].id)), jobs.forAction('999999999')]);
    assert.equal(reads.at(-1), null, 'an unknown action reads as nothing');
    created.forEach((c, i) => {
      assert.equal(reads[i]?.state, 'pending');
      assert.equal(reads[i]?.job?.id, c.job.id);
      assert.deepEqual(reads[i]?.job?.extendedProperties, { keep: i });
    });
    const at = new Date('2026-03-04T05:06:07.089Z');
    const results = await Promise.all(created.map((c, i) => writer.transition(reads[i]!.job!, plan('PEN', 'SUB'), {
      patch: { executeTime: at, attempt: 1, statusMessage: i % 2 ? `m${i}` : null, runtime: { n: i } },
      message: `execute ${i}`, completeOutboxId: c.outbox[0].id, attempt: 0,
    })));
    assert.ok(results.every((r) => r.applied && r.outbox.length === 0));
    for (const [i, c] of created.entries()) {
      const job = (await jobs.findById(c.job.id))!;
      assert.deepEqual([job.status, job.attempt, job.executeTime?.toISOString(), job.statusMessage, job.runtime],
        ['SUB', 1, at.toISOString(), i % 2 ? `m${i}` : null, { n: i }]);
      assert.deepEqual(job.extendedProperties, { keep: i });
      assert.deepEqual(await events(c.job.id), [{ from_status: 'PEN', to_status: 'SUB', message: `execute ${i}`, groups: [`team${i % 3}`] }]);
      assert.equal((await jobs.forAction(c.outbox[0].id))?.state, 'done');
    }
  });

  test("one job's changes made at once apply in order; a stale change is refused without holding back the others", async () => {
    const [a, b, c] = (await createJobs(3)).map((x) => x.job);
    const [first, second, stale, other] = await Promise.all([
      writer.transition(a, plan('PEN', 'SUB')),
      writer.transition({ ...a, status: 'SUB' } as JobEntity, plan('SUB', 'RUN')),
      writer.transition(b, plan('RUN', 'COM')),
      writer.transition(c, plan('PEN', 'OTH', 'Meshing "fine"')),
    ]);
    assert.deepEqual([first.applied, second.applied, stale.applied, other.applied], [true, true, false, true]);
    assert.deepEqual((await events(a.id)).map((e: { to_status: string }) => e.to_status), ['SUB', 'RUN']);
    assert.deepEqual(await events(b.id), []);
    assert.equal((await jobs.findById(b.id))?.status, 'PEN');
    const custom = (await jobs.findById(c.id))!;
    assert.equal(custom.status, 'OTH');
    assert.equal(custom.extendedProperties.__other_status__, 'Meshing "fine"');
  });

  test('patches made at once: each applies under its own attempt guard; patches of one job merge in order', async () => {
    const [a, b] = (await createJobs(2)).map((x) => x.job);
    const [first, second, guarded, cleared, loads] = await Promise.all([
      writer.patch(a.id, { runtime: { step: 1, first: true } }),
      writer.patch(a.id, { runtime: { step: 2 }, statusMessage: 'second' }, 0),
      writer.patch(b.id, { statusMessage: 'wrong attempt' }, 3),
      writer.patch(b.id, { executeTime: null, resultsAttempts: 2 }),
      Promise.all([jobs.findById(a.id), jobs.findById(b.id), jobs.findById(a.id), jobs.findById('987654321')]),
    ]);
    assert.deepEqual([first, second, guarded, cleared], [true, true, false, true]);
    assert.deepEqual(loads.map((j) => j?.id ?? null), [a.id, b.id, a.id, null]);
    assert.notEqual(loads[0], loads[2], 'each caller gets its own entity');
    const [pa, pb] = [(await jobs.findById(a.id))!, (await jobs.findById(b.id))!];
    assert.deepEqual([pa.runtime, pa.statusMessage], [{ step: 2, first: true }, 'second']);
    assert.deepEqual([pb.statusMessage, pb.executeTime, pb.resultsAttempts], [null, null, 2]);
  });

  test('a change that needs results processing returns its follow-up action; an attempt guard is kept', async () => {
    const [{ job }] = await createJobs(1);
    const moved = await writer.transition(job, plan('PEN', 'SUB'), { attempt: 1 });
    assert.equal(moved.applied, false, 'the job is still on attempt 0');
    const done = await writer.transition(job, { ...plan('PEN', 'RES'), processResults: true }, { patch: { result: { v: [1, 'x'] } } });
    assert.equal(done.applied, true);
    assert.deepEqual(done.outbox.map((o) => [o.jobId, o.action, o.queue]), [[job.id, 'process-results', QUEUE_BY_JOB_TYPE.BASIC]]);
    assert.deepEqual((await jobs.findById(job.id))?.result, { v: [1, 'x'] });
  });
});
