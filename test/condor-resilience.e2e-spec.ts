/**
 * CONDOR jobs when things go wrong: a changed host key, a key the server
 * refuses, the SSH server restarting mid-run, a worker killed mid-submit;
 * plus tracking by the poll alone and a local scheduler.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ssh2 from 'ssh2';
import { restartSshd, sshdFromEnv, startSshd, type SshdFixture } from './fixtures/sshd/sshd-fixture.js';
import { SshSession } from './fixtures/sshd/ssh-session.js';
import { createScheduler, JobWatch, workspaceFiles } from './support/condor.js';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const JOBS = '/api/v1/apps/lab/jobs';
const sshd = sshdFromEnv();
const simBin = path.join(sshd.dir, 'htcondor-sim', 'bin');

describe('CONDOR jobs when things go wrong', () => {
  let stack: Stack;
  let admin: ApiClient;
  let bob: ApiClient;
  let jobs: JobWatch;
  let own: SshdFixture;
  let localSim: string;

  before(async () => {
    own = await startSshd();
    localSim = await mkdtemp(path.join(tmpdir(), 'cja-local-sim-'));
    // the worker finds the simulator on its PATH for the local scheduler, as a submit host has HTCondor installed
    stack = await Stack.start({ jobTypes: ['condor'], env: { PATH: `${simBin}:${process.env.PATH}`, HTCONDOR_SIM_HOME: localSim } });
    admin = new ApiClient(stack.baseUrl, stack.adminKey);
    bob = await stack.client('lab', 'bob');
    jobs = new JobWatch(bob, JOBS);
    await workspaceFiles(stack, 'lab', 'bob', { 'run.sh': '#!/bin/sh\necho ran\nsleep "${SLEEP:-0}"\n' });
    await createScheduler(admin, 'shared', sshd);
    await createScheduler(admin, 'own', own);
  });
  after(async () => {
    await stack?.close();
    await own?.stop();
    const pid = Number(await readFile(path.join(localSim, 'schedd.pid'), 'utf8').catch(() => ''));
    if (pid) process.kill(pid, 'SIGTERM');
    await rm(localSim, { recursive: true, force: true });
  });

  const run = async (scheduler: string, fields: Record<string, unknown> = {}) =>
    (await bob.post(JOBS, { name: 'r-{id}', jobType: 'CONDOR', scheduler, executable: 'run.sh', remoteInputFiles: ['run.sh'], execute: true, ...fields })).body;

  test('a changed host key fails the job at once with a clear message', async () => {
    await createScheduler(admin, 'moved', sshd, { hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` });
    const job = await jobs.until((await run('moved')).id, ['ERR']);
    assert.match(job.statusMessage, /^execute failed: host key mismatch for 127\.0\.0\.1:\d+: expected SHA256:A{43}, the server presented SHA256:/);
    const [{ attempts }] = await stack.ds.query(`SELECT attempts FROM outbox WHERE job_id = $1 AND action = 'execute'`, [job.id]);
    assert.equal(attempts, 1, 'not retried');
  });

  test('a key the server refuses fails the job with an authentication error', async () => {
    await createScheduler(admin, 'stranger', sshd, { privateKey: ssh2.utils.generateKeyPairSync('ed25519').private });
    const job = await jobs.until((await run('stranger')).id, ['ERR']);
    assert.match(job.statusMessage, /^execute failed: authentication failed for cjatest@127\.0\.0\.1:\d+ with a private key$/);
  });

  test('without an event log the batched poll alone brings the job to Complete', async () => {
    const job = await jobs.until((await run('shared', { attributes: { log: null } })).id, ['COM', 'ERR'], 20_000);
    assert.equal(job.statusCode, 'COM', job.statusMessage);
  });

  test('the SSH server restarting mid-run: the job still completes', async () => {
    const { id } = await run('own', { attributes: { environment: '"SLEEP=4"' } });
    await jobs.until(id, ['RUN']);
    await restartSshd(own);
    const job = await jobs.until(id, ['COM', 'ERR'], 30_000);
    assert.equal(job.statusCode, 'COM', job.statusMessage);
  });

  test('a worker killed while submitting: the job adopts its cluster, none is submitted twice', async () => {
    const bin = path.join(own.dir, 'htcondor-sim', 'bin');
    // condor_submit that lingers after submitting, so the kill lands between the submission and its record
    await rename(path.join(bin, 'condor_submit'), path.join(bin, 'condor_submit.real'));
    await writeFile(path.join(bin, 'condor_submit'), '#!/bin/sh\n"$0.real" "$@"\nstatus=$?\nsleep 10\nexit $status\n', { mode: 0o755 });
    const ssh = await SshSession.connect(own);
    try {
      const { id } = await run('own');
      const clusters = async () =>
        (await ssh.run(`condor_q -constraint 'JobsApiId == "${id}"' -af ClusterId; condor_history -constraint 'JobsApiId == "${id}"' -af ClusterId`))
          .split('\n').filter(Boolean);
      await waitFor('the cluster to be on the scheduler', async () => (await clusters()).length > 0, 20_000);
      assert.equal((await jobs.get(id)).statusCode, 'PEN', 'the worker has not recorded it yet');
      await stack.worker!.kill();
      await rename(path.join(bin, 'condor_submit.real'), path.join(bin, 'condor_submit'));
      await stack.startWorker();
      const job = await jobs.until(id, ['SUB', 'RUN', 'COM'], 30_000);
      assert.equal(job.runtime.adopted, true);
      assert.deepEqual(await clusters(), [String(job.runtime.clusterId)], 'exactly one cluster');
      assert.equal((await jobs.until(id, ['COM', 'ERR'], 30_000)).statusCode, 'COM');
    } finally {
      ssh.close();
    }
  });

  test('a local scheduler runs HTCondor on the worker machine, without SSH', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'cja-local-'));
    const res = await admin.post('/api/v1/schedulers', { name: 'here', kind: 'condor', local: true, directory });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.local, true);
    const job = await jobs.until((await run('here')).id, ['COM', 'ERR'], 30_000);
    assert.equal(job.statusCode, 'COM', job.statusMessage);
    const out = (await bob.get(`${JOBS}/${job.id}/logs`)).body.files.find((f: { path: string }) => f.path.endsWith('.out'));
    assert.equal((await bob.get(`${JOBS}/${job.id}/logs/${out.path}`)).body, 'ran\n');
    await rm(directory, { recursive: true, force: true });
  });
});
