/**
 * CONDOR jobs through the whole product: API → queue → Condor worker → SSH →
 * HTCondor simulator → status → outputs. The scheduler poll is set to a
 * minute here, so statuses arriving within seconds prove the event-log push.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { createScheduler, filesNamed, JobWatch, statusHistory, workspaceFiles } from './support/condor.js';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const JOBS = '/api/v1/apps/hydro/jobs';
const sshd = sshdFromEnv();
const SCRIPT = `#!/bin/sh
for a in "$@"; do printf '[%s]\\n' "$a"; done
cat input.txt > output.txt
echo "to stderr" >&2
sleep "\${SLEEP:-1}"
exit "\${EXIT:-0}"
`;

describe('CONDOR jobs over SSH', () => {
  let stack: Stack;
  let admin: ApiClient;
  let alice: ApiClient;
  let jobs: JobWatch;
  let scheduler: string;

  before(async () => {
    stack = await Stack.start({ jobTypes: ['condor'], env: { SCHEDULER_POLL_INTERVAL_MS: '60000' } });
    admin = new ApiClient(stack.baseUrl, stack.adminKey);
    alice = await stack.client('hydro', 'alice');
    jobs = new JobWatch(alice, JOBS);
    scheduler = `pool-${stack.prefix}`;
    await workspaceFiles(stack, 'hydro', 'alice', { 'run.sh': SCRIPT, 'data/input.txt': 'input data\n', 'keep.txt': 'mine' });
  });
  after(() => stack?.close());

  const condorJob = (fields: Record<string, unknown> = {}) => ({
    name: 'flood {id}', jobType: 'CONDOR', scheduler, template: 'vanilla_base', executable: 'run.sh',
    remoteInputFiles: ['run.sh', 'data/input.txt'], execute: true, ...fields,
  });

  test('admin API: create pins the host key read from the server, never returns secrets, checks every field', async () => {
    const created = await createScheduler(admin, scheduler, sshd);
    assert.equal(created.hostKeyFingerprint, sshd.hostKeyFingerprint);
    assert.equal(created.hostKeySource, 'fetched');
    assert.equal(created.auth, 'privateKey');
    const shown = await admin.get(`/api/v1/schedulers/${scheduler}`);
    const listed = await admin.get('/api/v1/schedulers');
    for (const body of [created, shown.body, listed.body]) assert.ok(!JSON.stringify(body).includes('PRIVATE KEY'));
    assert.ok(listed.body.schedulers.some((s: { name: string }) => s.name === scheduler));
    const [{ secret_enc }] = await stack.ds.query(`SELECT secret_enc FROM schedulers WHERE name = $1`, [scheduler]);
    assert.match(secret_enc, /^v1:/);
    assert.ok(!secret_enc.includes('PRIVATE'));

    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await admin.post('/api/v1/schedulers', { name: 'bad', kind: 'condor', host: sshd.host, port: sshd.port, username: 'u', password: 'p', ...body });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.errors[0].field, field);
    };
    await bad({ kind: 'pbs' }, 'kind');
    await bad({ username: undefined }, 'username');
    await bad({ privateKey: sshd.keys.ed25519 }, 'password');
    await bad({ password: undefined, privateKey: 'not a key' }, 'privateKey');
    await bad({ password: undefined, privateKey: sshd.keys.rsaEncrypted.privateKey, passphrase: 'wrong' }, 'passphrase');
    await bad({ hostKeyFingerprint: 'md5:aa' }, 'hostKeyFingerprint');
    await bad({ port: 70000 }, 'port');
    await bad({ local: true }, 'host');
    assert.equal((await admin.post('/api/v1/schedulers', { name: scheduler, kind: 'condor', local: true })).status, 409);
    assert.equal((await alice.get('/api/v1/schedulers')).status, 401, 'app keys cannot see schedulers');
    assert.equal((await admin.get('/api/v1/schedulers/nope')).status, 404);
  });

  test('bad CONDOR fields are 400s naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ scheduler: 'nope' }, 'scheduler'],
      [{ numJobs: 0 }, 'numJobs'],
      [{ template: 'fancy' }, 'template'],
      [{ attributes: { 'bad key': 1 } }, 'attributes.bad key'],
      [{ attributes: { log: '/tmp/x.log' } }, 'attributes.log'],
      [{ remoteInputFiles: ['../../etc/passwd'] }, 'remoteInputFiles[0]'],
      [{ arguments: 'a\nqueue 9' }, 'attributes.arguments'],
      [{ executable: undefined }, 'executable'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [fields, field] of cases) {
      const res = await alice.post(JOBS, condorJob({ execute: false, ...fields }));
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors[0].field, field);
    }
  });

  test('the whole path: submitted, running (logs read on the scheduler), Complete with outputs and logs synced', async () => {
    const { body: created } = await alice.post(JOBS, condorJob({ arguments: ['$(Process)', 'two words'], attributes: { environment: '"SLEEP=3"' } }));
    const running = await jobs.until(created.id, ['RUN'], 30_000);
    assert.ok(running.startTime);
    assert.equal(running.runtime.logsOnScheduler, true);
    const live = await alice.get(`${JOBS}/${created.id}/logs`);
    assert.equal(live.status, 200, JSON.stringify(live.body));
    const name = `flood_${created.id}`;
    const eventLog = `${name}/logs/${name}.${running.runtime.clusterId}.log`;
    assert.ok(live.body.files.some((f: { path: string }) => f.path === eventLog), JSON.stringify(live.body.files));
    assert.match((await alice.get(`${JOBS}/${created.id}/logs/${eventLog}`)).body, /^001 \(/m);

    const done = await jobs.until(created.id, ['COM', 'ERR'], 30_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    assert.ok(done.completionTime);
    assert.deepEqual(await statusHistory(stack, created.id), ['PEN', 'SUB', 'RUN', 'RES', 'COM']);
    assert.equal(done.runtime.logsOnScheduler, false);
    const { body: results } = await alice.get(`${JOBS}/${created.id}/results`);
    assert.ok(results.files.some((f: { path: string }) => f.path === `${name}/output.txt`), JSON.stringify(results.files));
    assert.equal((await alice.get(`${JOBS}/${created.id}/results/${name}/output.txt`)).body, 'input data\n');
    const { body: logs } = await alice.get(`${JOBS}/${created.id}/logs`);
    const cluster = done.runtime.clusterId;
    assert.deepEqual(logs.files.map((f: { path: string }) => f.path).sort(), [
      `${name}/logs/${name}.${cluster}.0.err`, `${name}/logs/${name}.${cluster}.0.out`, eventLog,
    ]);
    assert.equal((await alice.get(`${JOBS}/${created.id}/logs/${name}/logs/${name}.${cluster}.0.out`)).body, '[0]\n[two words]\n');
    await waitFor('the remote directory to be removed once synced', () => !existsSync(path.join(sshd.homeDir, done.runtime.remoteDir)));
  });

  test('a cluster of three processes: Various while mixed, Various-Complete when one is held, then Complete', async () => {
    await workspaceFiles(stack, 'hydro', 'alice', {
      'multi.sh': '#!/bin/sh\n[ "$1" = 0 ] || sleep 2\nexit "$1"\n', 'in_0.txt': '0', 'in_1.txt': '1',
    });
    const { body: created } = await alice.post(JOBS, condorJob({
      executable: 'multi.sh', arguments: ['$(Process)'], numJobs: 3, remoteInputFiles: ['multi.sh', 'in_0.txt', 'in_1.txt'],
      attributes: { input: 'in_$(Process).txt' }, // in_2.txt is missing: process 2 is held when it starts
    }));
    const done = await jobs.until(created.id, ['COM', 'ERR'], 40_000);
    assert.equal(done.statusCode, 'COM');
    const history = await statusHistory(stack, created.id);
    assert.ok(history.includes('VAR'), history.join(' '));
    assert.deepEqual(history.slice(-2), ['VCP', 'COM']);
    const cluster = done.runtime.clusterId;
    assert.match(done.statusMessage, new RegExp(`process ${cluster}\\.1 exited with code 1; process ${cluster}\\.2 held: .*Failed to open`));
  });

  test('stop removes the cluster (Aborted); a scheduler in use cannot be removed; delete cleans the scheduler and the job files only', async () => {
    const { body: created } = await alice.post(JOBS, condorJob({ attributes: { environment: '"SLEEP=60"' } }));
    const running = await jobs.until(created.id, ['RUN']);
    const busy = await admin.delete(`/api/v1/schedulers/${scheduler}`);
    assert.equal(busy.status, 409);
    assert.match(busy.body.message, /still used by 1 job/);
    assert.equal((await alice.post(`${JOBS}/${created.id}/actions/stop`)).status, 202);
    const stopped = await jobs.until(created.id, ['ABT']);
    assert.ok(stopped.completionTime);
    const remote = path.join(sshd.homeDir, running.runtime.remoteDir);
    const local = path.join(running.workspace, `job-${created.id}`);
    assert.ok(existsSync(remote));

    assert.equal((await alice.delete(`${JOBS}/${created.id}`)).status, 202);
    assert.equal((await alice.get(`${JOBS}/${created.id}`)).status, 404, 'hidden at once');
    await waitFor('the worker to delete the row', async () => (await stack.ds.query(`SELECT 1 FROM jobs WHERE id = $1`, [created.id])).length === 0);
    assert.ok(!existsSync(remote), 'remote directory removed');
    assert.ok(!existsSync(local), 'job directory removed');
    assert.ok(existsSync(path.join(running.workspace, 'keep.txt')), 'the rest of the workspace stays');
  });

  test('pause holds (Paused), resume releases; then resubmit runs a new attempt with a new token', async () => {
    const { body: created } = await alice.post(JOBS, condorJob({ attributes: { environment: '"SLEEP=3"' } }));
    await jobs.until(created.id, ['RUN']);
    assert.equal((await alice.post(`${JOBS}/${created.id}/actions/pause`)).status, 202);
    const paused = await jobs.until(created.id, ['PAS']);
    assert.match(paused.statusMessage, /^held by the user/); // the action's words or the event log's, whichever lands first
    assert.equal((await alice.post(`${JOBS}/${created.id}/actions/resume`)).status, 202);
    const first = await jobs.until(created.id, ['COM', 'ERR'], 30_000);
    assert.equal(first.statusCode, 'COM');
    const history = await statusHistory(stack, created.id);
    // Each read of the event log reports the state its events end in: on a loaded machine one read may
    // span both the restart and the end of the 3 s run, folding Running into it.
    const afterPause = history.slice(history.indexOf('PAS'));
    assert.deepEqual(afterPause.filter((s) => s !== 'RUN'), ['PAS', 'SUB', 'RES', 'COM'], afterPause.join(' → '));

    assert.equal((await alice.post(`${JOBS}/${created.id}/actions/resubmit`)).status, 202);
    await waitFor('the second attempt', async () => (await jobs.get(created.id)).attempt === 2);
    const second = await jobs.until(created.id, ['COM', 'ERR'], 30_000);
    assert.equal(second.statusCode, 'COM');
    assert.notEqual(second.runtime.token, first.runtime.token);
    assert.notEqual(second.runtime.clusterId, first.runtime.clusterId);
    assert.equal(second.runtime.adopted, false);
  });

  test('a job without an event log is tracked by refreshing through its status callback URL', async () => {
    const { body: created } = await alice.post(JOBS, condorJob({ attributes: { log: null, environment: '"SLEEP=0"' } }));
    await jobs.until(created.id, ['SUB']);
    assert.equal((await jobs.get(created.id)).runtime.eventLog, null);
    const { body } = await alice.get(`${JOBS}/${created.id}/status-callback-url`);
    const done = await waitFor('Complete after refreshes', async () => {
      const res = await fetch(body.url);
      const job = await jobs.get(created.id);
      return job.statusCode === 'COM' ? job : res.status === 200 || res.status === 409 ? undefined : assert.fail(`callback: ${res.status}`);
    }, 30_000, 300);
    assert.equal(done.statusCode, 'COM');
  });

  test('names, arguments, file names and attributes with shell metacharacters are passed on, never executed', async () => {
    const weird = 'weird $(touch pwned-file);name.txt';
    await workspaceFiles(stack, 'hydro', 'alice', { [weird]: 'w', 'args.sh': '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\n' });
    const args = ['; touch pwned-arg', '`touch pwned-tick`', "it's", '"quoted"', '$HOME', 'a|b&&c > pwned-redirect'];
    const { body: created } = await alice.post(JOBS, condorJob({
      name: 'evil $(touch pwned-name) `touch pwned-name2`; touch pwned-name3', executable: 'args.sh', arguments: args,
      remoteInputFiles: ['args.sh', weird], attributes: { '+Note': '"$(touch pwned-ad); `touch pwned-ad2`"' },
    }));
    assert.equal(created.status, 'Pending');
    const done = await jobs.until(created.id, ['COM', 'ERR'], 30_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    const { body: logs } = await alice.get(`${JOBS}/${created.id}/logs`);
    const out = logs.files.find((f: { path: string }) => f.path.endsWith('.0.out')).path;
    assert.equal((await alice.get(`${JOBS}/${created.id}/logs/${out}`)).body, args.map((a) => `[${a}]\n`).join(''));
    const { body: results } = await alice.get(`${JOBS}/${created.id}/results`);
    assert.ok(results.files.some((f: { path: string }) => f.path.endsWith(`/${weird}`)), 'the oddly named input was uploaded as is');
    for (const root of [sshd.homeDir, stack.workspaces]) {
      assert.deepEqual(await filesNamed(root, 'pwned'), [], `nothing was executed under ${root}`);
    }
  });

  test('a scheduler whose jobs are all finished can be removed; its poll stops', async () => {
    assert.equal((await admin.delete(`/api/v1/schedulers/${scheduler}`)).status, 204);
    assert.equal((await admin.get(`/api/v1/schedulers/${scheduler}`)).status, 404);
    const [{ n }] = await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE scheduler_id IS NOT NULL`);
    assert.equal(Number(n), 0, 'finished jobs keep their history without the link');
  });
});
