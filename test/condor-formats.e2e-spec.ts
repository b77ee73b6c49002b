/**
 * The pure Condor formats (submit description, condor_submit output,
 * condor_q/condor_history JSON, job event log, status mapping) against the
 * HTCondor simulator behind the sshd fixture, through the SSH runner.
 */
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BackendStatus } from '../libs/schedulers/src/backend.js';
import { applyEvents } from '../libs/schedulers/src/condor/event-log-status.js';
import { parseEventLog } from '../libs/schedulers/src/condor/event-log.js';
import { parseJobAds, parseSubmitOutput, queueQuery } from '../libs/schedulers/src/condor/queue-output.js';
import { clusterStatus, type ProcessState } from '../libs/schedulers/src/condor/status-map.js';
import { jobAttributes, resolveAttribute, writeSubmitDescription, type SubmitAttributes } from '../libs/schedulers/src/condor/submit-description.js';
import { execChecked } from '../libs/schedulers/src/runner/command-runner.js';
import { commandLine, sh } from '../libs/schedulers/src/ssh/shell-quote.js';
import { SshPool } from '../libs/schedulers/src/ssh/ssh-pool.js';
import { SshRunner } from '../libs/schedulers/src/ssh/ssh-runner.js';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { waitFor } from './support/wait.js';

const sshd = sshdFromEnv();
const pool = new SshPool({ host: sshd.host, port: sshd.port, username: sshd.username, hostKeyFingerprint: sshd.hostKeyFingerprint, privateKey: sshd.keys.ed25519 });
const runner = new SshRunner(pool);
const dir = `condor-formats-${randomBytes(4).toString('hex')}`;

/** Absolute, so the test does not depend on whether a relative executable is found from the cwd or initialdir. */
const executable = () => `${sshd.homeDir}/${dir}/run.sh`;

const SCRIPT = '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\nsleep "${SLEEP:-0.2}"\nexit "$1"\n';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const found = await waitFor(what, async () => {
    const value = await read();
    return done(value) ? { value } : undefined;
  }, timeoutMs, 100);
  return found.value;
}

/** Submits like condorpy: make initialdir and logdir, write `<initialdir>/<name>.job`, condor_submit it. */
async function submit(name: string, attributes: SubmitAttributes, queue: number): Promise<{ id: string; cluster: number; attributes: SubmitAttributes }> {
  const id = randomBytes(6).toString('hex');
  const merged = jobAttributes(name, 'vanilla_base', attributes);
  const initialdir = resolveAttribute(merged, 'initialdir')!;
  await runner.mkdirp(`${dir}/${initialdir}/${resolveAttribute(merged, 'logdir')}`);
  const jobFile = `${initialdir}/${name}.job`;
  await runner.writeFile(`${dir}/${jobFile}`, writeSubmitDescription({ attributes: merged, queue, jobsApiId: id, jobsApiToken: `t-${id}` }));
  const result = await execChecked(runner, commandLine(['condor_submit', jobFile]), { cwd: dir });
  const { clusterId, jobCount } = parseSubmitOutput(result.stdout, result.stderr);
  assert.equal(jobCount, queue);
  return { id, cluster: clusterId, attributes: merged };
}

/** Status from one batched condor_q plus condor_history query, as the tracker does it. */
async function queriedStatus(id: string): Promise<BackendStatus | undefined> {
  const rows: ProcessState[] = [];
  for (const tool of ['condor_q', 'condor_history'] as const) {
    rows.push(...parseJobAds((await execChecked(runner, commandLine(queueQuery(tool, { jobsApiIds: [id] })))).stdout));
  }
  return clusterStatus(rows);
}

/** Status from the job event log, read incrementally from an offset. */
function eventLogReader(path: string) {
  let offset = 0;
  let states: ProcessState[] = [];
  return async (): Promise<BackendStatus | undefined> => {
    const read = parseEventLog(await runner.readFile(path, { offset }), offset);
    offset = read.offset;
    states = applyEvents(states, read.events);
    return clusterStatus(states);
  };
}

describe('Condor formats against the HTCondor simulator', () => {
  before(async () => {
    await runner.mkdirp(dir);
    await runner.writeFile(`${dir}/run.sh`, SCRIPT, { mode: 0o755 });
  });
  after(async () => {
    await runner.remove(dir);
    await pool.close();
  });

  test('a two-process cluster completes; the non-zero exit is reported by queries and by the event log', async () => {
    const job = await submit('two procs', { executable: executable(), arguments: ['$(Process)', 'with space', `it's "quoted"`] }, 2);
    const expected = { code: 'COM', message: `process ${job.cluster}.1 exited with code 1` };
    assert.deepEqual(await eventually(() => queriedStatus(job.id), (s) => s?.code === 'COM', 'COM from condor_history'), expected);

    const log = `${dir}/${resolveAttribute(job.attributes, 'initialdir')}/${resolveAttribute(job.attributes, 'log', { cluster: job.cluster })}`;
    assert.deepEqual(await eventually(eventLogReader(log), (s) => s?.code === 'COM', 'COM from the event log'), expected);

    const output = resolveAttribute(job.attributes, 'output', { cluster: job.cluster, process: 1 });
    const printed = await runner.readFile(`${dir}/two_procs/${output}`);
    assert.equal(printed.toString(), `[1]\n[with space]\n[it's "quoted"]\n`);
  });

  test('a hold by the user is Paused, a release resumes, a removal is Aborted', async () => {
    const job = await submit('held', { executable: executable(), arguments: ['0'], environment: '"SLEEP=30"' }, 1);
    const log = eventLogReader(`${dir}/held/${resolveAttribute(job.attributes, 'log', { cluster: job.cluster })}`);
    await eventually(() => queriedStatus(job.id), (s) => s?.code === 'RUN', 'RUN');

    await execChecked(runner, sh`condor_hold ${String(job.cluster)}`);
    const held = await eventually(() => queriedStatus(job.id), (s) => s?.code === 'PAS', 'PAS');
    assert.match(held?.message ?? '', /^held by the user/);
    assert.equal((await eventually(log, (s) => s?.code === 'PAS', 'PAS in the event log'))?.code, 'PAS');

    await execChecked(runner, sh`condor_release ${String(job.cluster)}`);
    await eventually(() => queriedStatus(job.id), (s) => s?.code === 'SUB' || s?.code === 'RUN', 'SUB or RUN after release');

    await execChecked(runner, sh`condor_rm ${String(job.cluster)}`);
    assert.equal((await eventually(() => queriedStatus(job.id), (s) => s?.code === 'ABT', 'ABT'))?.code, 'ABT');
    assert.equal((await eventually(log, (s) => s?.code === 'ABT', 'ABT in the event log'))?.code, 'ABT');
  });

  test('condor_submit errors are reported with what it printed', async () => {
    await runner.writeFile(`${dir}/bad.job`, writeSubmitDescription({ attributes: { executable: 'missing.sh' }, queue: 1, jobsApiId: 'x', jobsApiToken: 'y' }));
    const result = await runner.exec('condor_submit bad.job', { cwd: dir });
    assert.notEqual(result.code, 0);
    assert.throws(() => parseSubmitOutput(result.stdout, result.stderr), /condor_submit did not report a cluster id; it printed: /);
  });
});
