/**
 * Controlling simulated HTCondor jobs over SSH: hold, release and remove
 * (with their events), the slot limit, every fixture key type, and jobs
 * surviving an sshd restart (on a private server, so other test files
 * sharing the global one are not disturbed).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { parseEventLog, pollUntil, SimClient, uniqueId } from './fixtures/htcondor-sim/sim-test-kit.js';
import { opensshArgs, sshdFromEnv, startSshd } from './fixtures/sshd/sshd-fixture.js';
import { shellQuote, SshSession } from './fixtures/sshd/ssh-session.js';

const run = promisify(execFile);
// Records each start, then runs until stopped.
const LONG_JOB = '#!/bin/sh\necho "$$" >> starts.txt\nexec sleep 60\n';

describe('HTCondor simulator job control', () => {
  let ssh: SshSession;
  let sim: SimClient;

  before(async () => {
    ssh = await SshSession.connect(sshdFromEnv());
    sim = await SimClient.create(ssh, 'control');
    await sim.writeFile('long.sh', LONG_JOB, '755');
  });
  after(async () => {
    await sim?.remove();
    ssh?.close();
  });

  const statusOf = (id: string) => sim.rows('condor_q', `JobsApiId == "${id}"`, ['JobStatus', 'NumJobStarts', 'HoldReasonCode']);

  test('hold stops the process, release runs it again, rm removes it into the history', async () => {
    const id = uniqueId('hold');
    const { cluster } = await sim.submit('hold.sub', `executable = long.sh\nlog = hold.log\n+JobsApiId = "${id}"\nqueue\n`);
    await pollUntil(() => statusOf(id), (r) => r[0]?.[0] === '2', 5000, 'running');
    const firstPid = (await pollUntil(() => sim.readFile('starts.txt'), (t) => t.trim() !== '', 5000, 'start')).trim();

    assert.equal(await ssh.run(`condor_hold ${cluster}`), `All jobs in cluster ${cluster} have been held\n`);
    const [held] = await sim.rows('condor_q', `JobsApiId == "${id}"`, ['JobStatus', 'HoldReasonCode', 'HoldReasonSubCode']);
    assert.deepEqual(held, ['5', '1', '0']);
    assert.equal(await ssh.run(`condor_q ${cluster}.0 -af HoldReason`), `via condor_hold (by user ${sshdFromEnv().username})\n`);
    await pollUntil(() => ssh.exec(`kill -0 ${firstPid}`), (r) => r.code !== 0, 5000, 'held job process to stop');

    assert.equal(await ssh.run(`condor_release ${cluster}.0`), `Job ${cluster}.0 released\n`);
    await pollUntil(() => statusOf(id), (r) => r[0]?.[0] === '2' && r[0]?.[1] === '2', 5000, 'running again');
    const again = await ssh.exec(`condor_release ${cluster}.0`);
    assert.deepEqual([again.code, again.stderr], [1, `Job ${cluster}.0 not held to be released\n`]);

    assert.equal(await ssh.run(`condor_rm ${cluster}`), `All jobs in cluster ${cluster} have been marked for removal\n`);
    const [removed] = await sim.finished(`JobsApiId == "${id}"`, 1, ['JobStatus', 'NumJobStarts']);
    assert.deepEqual(removed, ['3', '2']);
    assert.deepEqual(await statusOf(id), []);
    const pids = (await sim.readFile('starts.txt')).trim().split('\n');
    for (const pid of pids) assert.notEqual((await ssh.exec(`kill -0 ${pid}`)).code, 0, `process ${pid} still runs`);

    const events = parseEventLog(await sim.readFile('hold.log'));
    assert.deepEqual(events.map((e) => e.code), ['000', '001', '012', '013', '001', '009']);
    const user = sshdFromEnv().username;
    assert.deepEqual([events[2].text, ...events[2].body], ['Job was held.', `\tvia condor_hold (by user ${user})`, '\tCode 1 Subcode 0']);
    assert.deepEqual([events[3].text, ...events[3].body], ['Job was released.', `\tvia condor_release (by user ${user})`]);
    assert.deepEqual([events[5].text, ...events[5].body], ['Job was aborted.', `\tvia condor_rm (by user ${user})`]);
  });

  test('condor_rm and condor_hold report jobs they cannot act on', async () => {
    const missing = await ssh.exec('condor_rm 999999.0');
    assert.deepEqual([missing.code, missing.stderr], [1, 'Job 999999.0 not found\n']);
    const id = uniqueId('rmc');
    const constraint = `JobsApiId == "${id}"`;
    const { cluster } = await sim.submit('rmc.sub', `executable = long.sh\nhold = true\n+JobsApiId = "${id}"\nqueue 2\n`);
    assert.deepEqual(await statusOf(id), [['5', '0', '15'], ['5', '0', '15']]);
    assert.equal(await ssh.run(`condor_rm ${cluster}.1`), `Job ${cluster}.1 marked for removal\n`);
    const alreadyHeld = await ssh.exec(`condor_hold ${cluster}`);
    assert.deepEqual([alreadyHeld.code, alreadyHeld.stderr], [1, `\nCouldn't find/hold all jobs in cluster ${cluster}\n`]);
    assert.equal(await ssh.run(`condor_rm -constraint ${shellQuote(constraint)}`), `All jobs matching constraint (${constraint}) have been marked for removal\n`);
    await sim.finished(constraint, 2, ['ProcId']);
  });
});

describe('HTCondor simulator on a private sshd', () => {
  test('every key type logs in, the slot limit holds, and jobs survive an sshd restart', async () => {
    const sshd = await startSshd({ simSlots: 1 });
    try {
      for (const key of ['ed25519', 'ecdsa', 'rsa'] as const) {
        const { stdout } = await run('ssh', [...opensshArgs(sshd, key), 'command -v condor_q']);
        assert.equal(stdout, `${path.join(sshd.dir, 'htcondor-sim', 'bin', 'condor_q')}\n`);
      }
      const encrypted = await SshSession.connect(sshd, sshd.keys.rsaEncrypted);
      encrypted.close();
      await assert.rejects(SshSession.connect({ ...sshd, hostKeyFingerprint: 'SHA256:not-this-host' }));

      const ssh = await SshSession.connect(sshd, { privateKey: sshd.keys.ecdsa });
      const sim = await SimClient.create(ssh, 'private');
      await sim.writeFile('nap.sh', '#!/bin/sh\nsleep 0.4\n', '755');
      const id = uniqueId('slots');
      await sim.submit('slots.sub', `executable = nap.sh\n+JobsApiId = "${id}"\nqueue 3\n`);
      let maxRunning = 0;
      await pollUntil(async () => {
        const rows = await sim.rows('condor_q', `JobsApiId == "${id}"`, ['JobStatus']);
        maxRunning = Math.max(maxRunning, rows.filter((r) => r[0] === '2').length);
        return rows;
      }, (rows) => rows.length === 0, 10000, 'three jobs, one at a time');
      assert.equal(maxRunning, 1);

      await writeFile(path.join(sshd.simHome, 'slots'), '4\n');
      const survivor = uniqueId('survivor');
      await sim.writeFile('survive.sh', '#!/bin/sh\nsleep 1\necho survived\n', '755');
      await sim.submit('survive.sub', `executable = survive.sh\noutput = survive.out\n+JobsApiId = "${survivor}"\nqueue\n`);
      await pollUntil(() => sim.rows('condor_q', `JobsApiId == "${survivor}"`, ['JobStatus']), (r) => r[0]?.[0] === '2', 5000, 'running');
      ssh.close();
      await sshd.restart();
      const after = await SshSession.connect(sshd);
      const simAfter = new SimClient(after, sim.dir);
      assert.deepEqual(await simAfter.finished(`JobsApiId == "${survivor}"`, 1, ['JobStatus', 'ExitCode']), [['4', '0']]);
      assert.equal(await simAfter.readFile('survive.out'), 'survived\n');
      await simAfter.remove();
      after.close();
    } finally {
      await sshd.stop();
    }
  });
});
