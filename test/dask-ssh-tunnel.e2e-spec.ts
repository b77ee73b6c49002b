import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { daskFromEnv } from './fixtures/dask/dask-fixture.js';
import { sshdFromEnv, type SshdInfo } from './fixtures/sshd/sshd-fixture.js';
import { DASK_JOBS, runDaskJob, waitForStatus } from './support/dask-jobs.js';
import { ApiClient } from './support/http.js';
import { ROOT } from './support/processes.js';
import { Stack } from './support/stack.js';

const fn = (name: string) => `jobs_test_callables:${name}`;
const OTHER_FINGERPRINT = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('Dask schedulers in the registry, reached directly or through an SSH tunnel', () => {
  let stack: Stack;
  let admin: ApiClient;
  let client: ApiClient;
  let sshd: SshdInfo;
  const { address } = daskFromEnv();
  const tunnel = (extra: Record<string, unknown> = {}) => ({
    host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.keys.ed25519, ...extra,
  });

  before(async () => {
    sshd = sshdFromEnv();
    stack = await Stack.start({ jobTypes: ['dask'] });
    admin = new ApiClient(stack.baseUrl, stack.adminKey);
    client = await stack.client('dask', 'carol');
  });
  after(() => stack?.close());

  test('the admin API validates each field and never returns the tunnel secret', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ address: 'http://x:1' }, 'address'],
      [{ address: undefined }, 'address'],
      [{ timeout: -1 }, 'timeout'],
      [{ heartbeatInterval: 1.5 }, 'heartbeatInterval'],
      [{ dashboardUrl: 'ftp://x' }, 'dashboardUrl'],
      [{ workers: 3 }, 'workers'],
      [{ sshTunnel: 'host' }, 'sshTunnel'],
      [{ sshTunnel: tunnel({ host: 'bad host' }) }, 'sshTunnel.host'],
      [{ sshTunnel: tunnel({ privateKey: undefined }) }, 'sshTunnel.password'],
    ];
    for (const [fields, field] of cases) {
      const res = await admin.post('/api/v1/schedulers', { name: 'bad', kind: 'dask', address, ...fields });
      assert.equal(res.status, 400, JSON.stringify(fields));
      assert.equal(res.body.errors?.[0]?.field, field, JSON.stringify(res.body));
    }
    const res = await admin.post('/api/v1/schedulers', {
      name: 'tunneled', kind: 'dask', address, timeout: 10, heartbeatInterval: 5000, dashboardUrl: 'http://127.0.0.1:8787/status',
      sshTunnel: tunnel(),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.hostKeySource, 'fetched');
    assert.equal(res.body.hostKeyFingerprint, sshd.hostKeyFingerprint);
    assert.deepEqual(res.body.settings, {
      timeout: 10, heartbeatInterval: 5000, dashboardUrl: 'http://127.0.0.1:8787/status', sshTunnel: { host: sshd.host, port: sshd.port },
    });
    assert.equal(JSON.stringify(res.body).includes('PRIVATE KEY'), false);
    assert.equal((await admin.post('/api/v1/schedulers', { name: 'direct', kind: 'dask', address })).status, 201);
  });

  test('jobs run on a scheduler reached directly and on one reached through the SSH tunnel', async () => {
    const direct = await runDaskJob(client, { scheduler: 'direct', callable: fn('add'), args: [20, 1] });
    const tunneled = await runDaskJob(client, { scheduler: 'tunneled', callable: fn('add'), args: [40, 2] });
    for (const [id, value] of [[direct, 21], [tunneled, 42]] as const) {
      await waitForStatus(client, id, ['COM']);
      assert.equal((await client.get(`${DASK_JOBS}/${id}/results`)).body.result, value);
    }
  });

  test('a tunnel whose SSH server shows another host key: the job is an Error naming the mismatch', async () => {
    const res = await admin.post('/api/v1/schedulers', {
      name: 'impostor', kind: 'dask', address, timeout: 5, sshTunnel: tunnel({ hostKeyFingerprint: OTHER_FINGERPRINT }),
    });
    assert.equal(res.status, 201);
    const id = await runDaskJob(client, { scheduler: 'impostor', callable: fn('add'), args: [1, 1] });
    const job = await waitForStatus(client, id, ['ERR']);
    assert.match(job.statusMessage, /cannot reach the Dask scheduler at tcp:\/\/.* through .*host key mismatch/);
  });

  test('the CLI registers a Dask scheduler with create-dask and shows it', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'schedulers', ...args], {
        env: { ...process.env, ...stack.env },
      });
    const created = await cli('create-dask', '--name', 'from-cli', '--address', address, '--timeout', '20',
      '--ssh-host', sshd.host, '--ssh-port', String(sshd.port), '--ssh-username', sshd.username,
      '--private-key', sshd.keyFiles.ed25519, '--host-key-fingerprint', sshd.hostKeyFingerprint);
    assert.match(created.stdout, new RegExp(`from-cli\\tdask\\t${address} via ${sshd.username}@${sshd.host}:${sshd.port}`));
    const shown = (await admin.get('/api/v1/schedulers/from-cli')).body;
    assert.deepEqual({ kind: shown.kind, host: shown.host, timeout: shown.settings.timeout }, { kind: 'dask', host: address, timeout: 20 });
    const id = await runDaskJob(client, { scheduler: 'from-cli', callable: fn('add'), args: [1, 2] });
    await waitForStatus(client, id, ['COM']);
  });
});
