/**
 * Snapshots of a cluster's logs shared by the jobs that ended at the same
 * time: written whole, copied into a job that stops naming one, and removed
 * only once old and named by no job, by the sweep of recent ones or when
 * their last job is deleted (real PostgreSQL, real files).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ClusterLogSnapshots, KEEP_MS, SWEEP_WINDOW_MS } from '../apps/worker/src/dask/cluster-log-snapshots.js';
import { QUEUE_BY_JOB_TYPE } from '../libs/contracts/src/index.js';
import { clusterLogsDirectory } from '../libs/domain/src/index.js';
import { JobsRepository, JobWriter } from '../libs/persistence/src/index.js';
import { migratedDatabase } from './support/database.js';

const LOGS = { scheduler: 'distributed.scheduler - INFO - up', workers: { 'tcp://127.0.0.1:4000': 'distributed.worker - INFO - up\n' } };

describe('shared snapshots of cluster logs', () => {
  let db: Awaited<ReturnType<typeof migratedDatabase>> | undefined;
  let root: string;
  let snapshots: ClusterLogSnapshots;

  before(async () => {
    db = await migratedDatabase();
    root = mkdtempSync(path.join(os.tmpdir(), 'cja-snapshots-'));
    snapshots = new ClusterLogSnapshots(root, db.ds);
  });
  after(async () => {
    rmSync(root, { recursive: true, force: true });
    await db?.drop();
  });

  test('a snapshot holds one file per log, each ending with a newline, and nothing half-written', async () => {
    const id = await snapshots.write('7', LOGS);
    assert.match(id, /^7\/\d{8}\/\d{13}-[0-9a-f]{8}$/);
    const dir = clusterLogsDirectory(root, id);
    assert.deepEqual(readdirSync(dir).sort(), ['dask-scheduler.log', 'dask-worker-127.0.0.1_4000.log']);
    assert.equal(readFileSync(path.join(dir, 'dask-scheduler.log'), 'utf8'), 'distributed.scheduler - INFO - up\n');
    assert.deepEqual(readdirSync(path.dirname(dir)).filter((n) => n.endsWith('.partial')), []);
  });

  test('copyTo gives a job its own copy and keeps a file it already has', async () => {
    const id = await snapshots.write('7', LOGS);
    const dir = path.join(root, 'job-copy', 'logs', 'attempt-1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'dask-scheduler.log'), 'own\n');
    await snapshots.copyTo(id, dir);
    assert.equal(readFileSync(path.join(dir, 'dask-scheduler.log'), 'utf8'), 'own\n');
    assert.equal(readFileSync(path.join(dir, 'dask-worker-127.0.0.1_4000.log'), 'utf8'), 'distributed.worker - INFO - up\n');
  });

  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
  const snapshot = (scheduler: string, ms: number, suffix: string) => {
    const id = `${scheduler}/${dayOf(ms)}/${ms}-${suffix}`;
    mkdirSync(clusterLogsDirectory(root, id), { recursive: true });
    return id;
  };
  const nameSnapshot = async (id: string) => {
    const { job } = await new JobsRepository(db!.ds).create({
      name: 'done', description: '', userId: 'u', label: 'app', jobType: 'DASK', groups: [], workspace: '/ws',
      extendedProperties: {}, processResultsFunction: null, spec: {}, schedulerId: null,
    }, { queue: QUEUE_BY_JOB_TYPE.DASK, action: 'execute' });
    await new JobWriter(db!.ds).patch(job.id, { runtime: { clusterLogs: id } });
    return job.id;
  };
  const exists = (id: string) => existsSync(clusterLogsDirectory(root, id));

  test('the sweep removes recent snapshots no job names, half-written ones included, of every scheduler', async () => {
    const now = Date.now();
    const inWindow = now - KEEP_MS - 60_000;
    const named = snapshot('9', inWindow, 'aaaaaaaa');
    const unnamed = snapshot('9', inWindow, 'bbbbbbbb');
    const partial = snapshot('9', inWindow, 'cccccccc.partial');
    const young = snapshot('9', now - 1000, 'dddddddd');
    const removedScheduler = snapshot('10', inWindow, 'eeeeeeee');
    const beyondWindow = snapshot('9', now - SWEEP_WINDOW_MS - 60_000, 'ffffffff');
    await nameSnapshot(named);

    assert.equal(await snapshots.sweep(now), 3);
    assert.deepEqual([named, unnamed, partial, young, removedScheduler, beyondWindow].map(exists), [true, false, false, true, false, true]);
    snapshot('9', inWindow, '99999999');
    assert.equal(await snapshots.sweep(now + 1000), 0, 'a second sweep soon after does not look again');
  });

  test('deleting the last job that names an old snapshot removes it, and its emptied day directory', async () => {
    const now = Date.now();
    const old = now - 3 * 24 * 3600_000;
    const shared = snapshot('11', old, 'aaaaaaaa');
    const young = snapshot('11', now - 1000, 'bbbbbbbb');
    const first = await nameSnapshot(shared);
    const second = await nameSnapshot(shared);
    await db!.ds.query('DELETE FROM jobs WHERE id = $1', [first]);
    assert.equal(await snapshots.release(shared, now), false, 'another job still names it');
    await db!.ds.query('DELETE FROM jobs WHERE id = $1', [second]);
    assert.equal(await snapshots.release(young, now), false, 'a young snapshot is left to the sweep');
    assert.equal(await snapshots.release(shared, now), true);
    assert.deepEqual([exists(shared), exists(young)], [false, true]);
    assert.equal(existsSync(path.dirname(clusterLogsDirectory(root, shared))), false);
  });
});
