/**
 * Snapshots of a cluster's logs shared by the jobs that ended at the same
 * time: written whole, copied into a job that stops naming one, and removed
 * only once old and named by no job (real PostgreSQL, real files).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ClusterLogSnapshots, UNREFERENCED_KEEP_MS } from '../apps/worker/src/dask/cluster-log-snapshots.js';
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
    assert.match(id, /^7\/\d{13}-[0-9a-f]{8}$/);
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

  test('the sweep removes old snapshots no job names, and keeps named or recent ones', async () => {
    const now = Date.now();
    const old = now - UNREFERENCED_KEEP_MS - 60_000;
    const names = { named: `${old}-aaaaaaaa`, unnamed: `${old}-bbbbbbbb`, partial: `${old}-cccccccc.partial`, recent: `${now - 1000}-dddddddd` };
    for (const name of Object.values(names)) mkdirSync(clusterLogsDirectory(root, `9/${name}`), { recursive: true });
    // A scheduler removed since: its snapshots are swept all the same.
    mkdirSync(clusterLogsDirectory(root, `10/${old}-eeeeeeee`), { recursive: true });
    const jobs = new JobsRepository(db!.ds);
    const { job } = await jobs.create({
      name: 'done', description: '', userId: 'u', label: 'app', jobType: 'DASK', groups: [], workspace: '/ws',
      extendedProperties: {}, processResultsFunction: null, spec: {}, schedulerId: null,
    }, { queue: QUEUE_BY_JOB_TYPE.DASK, action: 'execute' });
    await new JobWriter(db!.ds).patch(job.id, { runtime: { clusterLogs: `9/${names.named}` } });

    assert.equal(await snapshots.sweep(now), 3);
    assert.deepEqual(readdirSync(clusterLogsDirectory(root, '9')).sort(), [names.named, names.recent].sort());
    assert.deepEqual(readdirSync(clusterLogsDirectory(root, '10')), []);
    mkdirSync(clusterLogsDirectory(root, `9/${old}-ffffffff`));
    assert.equal(await snapshots.sweep(now + 1000), 0, 'a second sweep soon after does not look again');
  });
});
