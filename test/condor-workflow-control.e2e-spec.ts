/**
 * Controlling CONDORWORKFLOW jobs: stop, pause/resume, resubmit from the
 * rescue DAG, delete, and a worker killed mid-submit. The DAG event logs
 * are not read here (CONDOR_EVENT_LOG_INTERVAL_MS=0): the batched poll
 * alone tracks these workflows.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sshdFromEnv, startSshd, type SshdFixture } from './fixtures/sshd/sshd-fixture.js';
import { SshSession } from './fixtures/sshd/ssh-session.js';
import { createScheduler, JobWatch, statusHistory, workspaceFiles } from './support/condor.js';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';
import { GATE, logText, nodeReaches, nodesOf, STEP, step } from './support/workflow.js';

const JOBS = '/api/v1/apps/ctl/jobs';
const sshd = sshdFromEnv();

describe('CONDORWORKFLOW control', () => {
  let stack: Stack;
  let carol: ApiClient;
  let jobs: JobWatch;
  let ssh: SshSession;
  let own: SshdFixture;

  before(async () => {
    own = await startSshd();
    stack = await Stack.start({ jobTypes: ['condorworkflow'], env: { CONDOR_EVENT_LOG_INTERVAL_MS: '0', SCHEDULER_POLL_INTERVAL_MS: '500' } });
    carol = await stack.client('ctl', 'carol');
    jobs = new JobWatch(carol, JOBS);
    const admin = new ApiClient(stack.baseUrl, stack.adminKey);
    await createScheduler(admin, 'shared', sshd);
    await createScheduler(admin, 'own', own);
    await workspaceFiles(stack, 'ctl', 'carol', { 'step.sh': STEP, 'gate.sh': GATE, 'keep.txt': 'mine' });
    ssh = await SshSession.connect(sshd);
    // a worker schedules the polls of the schedulers there are at its start (others within seconds): restart it to poll these now
    await stack.worker!.stop();
    await stack.startWorker();
  });
  after(async () => {
    ssh?.close();
    await stack?.close();
    await own?.stop();
  });

  const workflow = async (name: string, nodes: Record<string, unknown>[], scheduler = 'shared') => {
    const res = await carol.post(JOBS, { name, jobType: 'CONDORWORKFLOW', scheduler, remoteInputFiles: ['step.sh', 'gate.sh'], nodes, execute: true });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const nodeJobsQueued = async (dagman: number) => (await ssh.run(`condor_q -constraint 'DAGManJobId == ${dagman}' -af ClusterId`)).trim();

  describe('actions', { concurrency: 3 }, () => {
    test('stop mid-run removes the DAG and its node jobs (Aborted); delete then cleans the scheduler and the job directory only', async () => {
      const id = await workflow('stopped', [step('A', [0, 0]), step('Long', [60, 0], { parents: ['A'] }), step('After', [0, 0], { parents: ['Long'] })]);
      await nodeReaches(carol, JOBS, id, 'Long', ['RUN']);
      const running = await jobs.get(id);
      assert.equal(running.statusCode, 'VAR');
      assert.equal((await carol.post(`${JOBS}/${id}/actions/stop`)).status, 202);
      const stopped = await jobs.until(id, ['ABT']);
      assert.ok(stopped.completionTime);
      const nodes = await nodesOf(carol, JOBS, id);
      assert.deepEqual([nodes.A.statusCode, nodes.Long.statusCode, nodes.After.statusCode], ['COM', 'ABT', 'ABT']);
      await waitFor('the node jobs to leave the queue', async () => (await nodeJobsQueued(stopped.runtime.clusterId)) === '');

      const remote = path.join(sshd.homeDir, stopped.runtime.remoteDir);
      const local = path.join(stopped.workspace, `job-${id}`);
      assert.ok(existsSync(remote));
      assert.equal((await carol.delete(`${JOBS}/${id}`)).status, 202);
      assert.equal((await carol.get(`${JOBS}/${id}`)).status, 404);
      await waitFor('the worker to delete the job', async () => (await stack.ds.query(`SELECT 1 FROM jobs WHERE id = $1`, [id])).length === 0);
      assert.ok(!existsSync(remote), 'remote directory removed');
      assert.ok(!existsSync(local), 'job directory removed');
      assert.ok(existsSync(path.join(stopped.workspace, 'keep.txt')), 'the rest of the workspace stays');
      const [{ n }] = await stack.ds.query(`SELECT count(*)::int AS n FROM workflow_nodes WHERE job_id = $1`, [id]);
      assert.equal(n, 0);
    });

    test('pause holds the DAGMan job (running nodes finish, no new ones start); resume releases it and the DAG completes', async () => {
      const id = await workflow('held', [{ name: 'A', executable: '../gate.sh', arguments: ['../open'] }, step('B', [0, 0], { parents: ['A'] })]);
      await nodeReaches(carol, JOBS, id, 'A', ['RUN']);
      assert.equal((await carol.post(`${JOBS}/${id}/actions/pause`)).status, 202);
      const paused = await jobs.until(id, ['PAS']);
      assert.equal(paused.statusMessage, 'held by the user');
      assert.equal((await ssh.run(`condor_q ${paused.runtime.clusterId} -af JobStatus`)).trim(), '5');
      await writeFile(path.join(sshd.homeDir, paused.runtime.remoteDir, 'open'), '');
      await nodeReaches(carol, JOBS, id, 'A', ['COM']);
      assert.equal((await nodesOf(carol, JOBS, id)).B.statusCode, 'PEN', 'a held DAGMan starts nothing');
      assert.equal((await jobs.get(id)).statusCode, 'PAS');
      assert.equal((await carol.post(`${JOBS}/${id}/actions/resume`)).status, 202);
      const done = await jobs.until(id, ['COM', 'ERR'], 30_000);
      assert.equal(done.statusCode, 'COM', done.statusMessage);
      const history = await statusHistory(stack, id);
      const resumed = history.slice(history.indexOf('PAS'));
      assert.deepEqual([...resumed.slice(0, 2), ...resumed.slice(-2)], ['PAS', 'SUB', 'RES', 'COM']); // Various, if the poll caught it
      assert.equal((await nodesOf(carol, JOBS, id)).B.statusCode, 'COM');
    });

    test('resubmit after a failure runs the rescue DAG: only the failed node and those after it run again', async () => {
      const id = await workflow('rerun', [step('A', [0, 0]), step('B', [0, 1, 1], { parents: ['A'] }), step('C', [0, 0], { parents: ['B'] })]);
      const failed = await jobs.until(id, ['COM', 'ERR'], 30_000);
      assert.equal(failed.statusCode, 'ERR');
      assert.match(failed.statusMessage, /failed node: B \(exit 1\); rescue DAG rerun\.dag\.rescue001 written: resubmit to run only the nodes that did not complete$/);
      const before = await nodesOf(carol, JOBS, id);
      assert.deepEqual([before.A.statusCode, before.B.statusCode, before.B.exitCode, before.C.statusCode], ['COM', 'ERR', 1, 'ABT']);
      assert.match(await logText(carol, JOBS, id, '.dagman.out'), /ERROR: the following job\(s\) failed/, 'logs readable after the run');

      assert.equal((await carol.post(`${JOBS}/${id}/actions/resubmit`)).status, 202);
      await waitFor('the second attempt', async () => (await jobs.get(id)).attempt === 2);
      const done = await jobs.until(id, ['COM', 'ERR'], 30_000);
      assert.equal(done.statusCode, 'COM', done.statusMessage);
      assert.deepEqual([done.runtime.rescue, done.runtime.remoteDir], [true, failed.runtime.remoteDir]);
      const after = await nodesOf(carol, JOBS, id);
      assert.equal(after.A.clusterId, before.A.clusterId, 'A was not run again');
      assert.ok(after.B.clusterId! > before.B.clusterId!);
      assert.deepEqual([after.A.statusCode, after.B.statusCode, after.C.statusCode], ['COM', 'COM', 'COM']);
      const results = path.join(done.workspace, `job-${id}`, 'results');
      assert.equal(await readFile(path.join(results, 'A', 'runs.txt'), 'utf8'), 'run\n');
      assert.equal(await readFile(path.join(results, 'B', 'runs.txt'), 'utf8'), 'run\nrun\n');
      const history = await statusHistory(stack, id);
      assert.deepEqual([history.at(-2), history.at(-1)], ['RES', 'COM']);
      assert.equal(history[history.indexOf('ERR') + 1], 'SUB');
    });

  });

  // alone: it stops the worker that the other tests need
  test('a worker killed while submitting: the DAG is adopted, never submitted twice', async () => {
    const bin = path.join(own.dir, 'htcondor-sim', 'bin');
    // condor_submit_dag that lingers after submitting, so the kill lands between the submission and its record
    await rename(path.join(bin, 'condor_submit_dag'), path.join(bin, 'condor_submit_dag.real'));
    await writeFile(path.join(bin, 'condor_submit_dag'), '#!/bin/sh\n"$0.real" "$@"\nstatus=$?\nsleep 10\nexit $status\n', { mode: 0o755 });
    const ownSsh = await SshSession.connect(own);
    try {
      const id = await workflow('crash', [step('A', [0, 0]), step('B', [0, 0], { parents: ['A'] })], 'own');
      const dagmans = async () => (await ownSsh.run(
        `condor_q -constraint 'JobsApiId == "${id}" && JobUniverse == 7' -af ClusterId; condor_history -constraint 'JobsApiId == "${id}" && JobUniverse == 7' -af ClusterId`,
      )).split('\n').filter(Boolean);
      await waitFor('the DAGMan job to be on the scheduler', async () => (await dagmans()).length > 0, 20_000);
      assert.equal((await jobs.get(id)).statusCode, 'PEN', 'the worker has not recorded it yet');
      await stack.worker!.kill();
      await rename(path.join(bin, 'condor_submit_dag.real'), path.join(bin, 'condor_submit_dag'));
      await stack.startWorker();
      const job = await jobs.until(id, ['SUB', 'VAR', 'RES', 'COM'], 30_000);
      assert.equal(job.runtime.adopted, true);
      const done = await jobs.until(id, ['COM', 'ERR'], 30_000);
      assert.equal(done.statusCode, 'COM', done.statusMessage);
      assert.deepEqual(await dagmans(), [String(job.runtime.clusterId)], 'exactly one DAGMan job');
    } finally {
      ownSsh.close();
    }
  });
});
