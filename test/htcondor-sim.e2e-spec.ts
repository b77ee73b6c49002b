/**
 * The HTCondor simulator behind the OpenSSH fixture behaves like HTCondor:
 * condor_submit output, queue and history queries, the job event log,
 * argument quoting and errors. Jobs are told apart by a unique +JobsApiId.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseEventLog, pollUntil, SimClient, uniqueId } from './fixtures/htcondor-sim/sim-test-kit.js';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { shellQuote, SshSession } from './fixtures/sshd/ssh-session.js';

const PRINT_ARGS = '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\nsleep "${SLEEP:-0.3}"\nexit "${EXIT_CODE:-0}"\n';

describe('HTCondor simulator over SSH', () => {
  let ssh: SshSession;
  let sim: SimClient;

  before(async () => {
    ssh = await SshSession.connect(sshdFromEnv());
    sim = await SimClient.create(ssh, 'sim');
    await sim.writeFile('print-args.sh', PRINT_ARGS, '755');
  });
  after(async () => {
    await sim?.remove();
    ssh?.close();
  });

  test('queue 3 runs three procs that are visible in condor_q, then in condor_history with ExitCode', async () => {
    const id = uniqueId('queue3');
    const { cluster, stdout } = await sim.submit(
      'queue3.sub',
      [
        '# three procs, each exiting with its process number',
        'Universe   = vanilla',
        'executable = print-args.sh',
        'arguments  = proc-$(Process)',
        'log        = queue3.$(Cluster).log',
        'output     = out.$(ClusterId).$(ProcId)',
        'error      = err.$(Cluster).$(Process)',
        // long enough to still be queued when condor_q looks, however loaded the machine
        'environment = "EXIT_CODE=$(Process) SLEEP=2"',
        `+JobsApiId = "${id}"`,
        'MY.JobsApiToken = "token-\\',
        '$(Process)"',
        'queue 3',
      ].join('\n'),
    );
    assert.equal(stdout, `Submitting job(s)...\n3 job(s) submitted to cluster ${cluster}.\n`);

    const queued = await sim.rows('condor_q', `JobsApiId == "${id}"`, ['ClusterId', 'ProcId', 'JobStatus', 'JobsApiToken']);
    assert.deepEqual(queued.map((r) => [r[0], r[1], r[3]]), [0, 1, 2].map((p) => [`${cluster}`, `${p}`, `token-${p}`]));
    for (const row of queued) assert.ok(['1', '2', '4'].includes(row[2]), `status ${row[2]}`);

    const done = await sim.finished(`JobsApiId == "${id}"`, 3, ['ProcId', 'JobStatus', 'ExitCode', 'ExitBySignal']);
    assert.deepEqual(done.sort(), [0, 1, 2].map((p) => [`${p}`, '4', `${p}`, 'false']));
    assert.deepEqual(await sim.rows('condor_q', `JobsApiId == "${id}"`, ['ClusterId']), []);
    assert.equal(await sim.readFile(`out.${cluster}.2`), '[proc-2]\n');

    const events = parseEventLog(await sim.readFile(`queue3.${cluster}.log`));
    for (const proc of [0, 1, 2]) {
      const mine = events.filter((e) => e.proc === proc);
      assert.deepEqual(mine.map((e) => e.code), ['000', '001', '005']);
      assert.ok(mine.every((e) => e.cluster === cluster));
      assert.match(mine[0].text, /^Job submitted from host: <127\.0\.0\.1:\d+\?[^>]*>$/);
      assert.match(mine[1].text, /^Job executing on host: <127\.0\.0\.1:\d+\?[^>]*>$/);
      assert.equal(mine[2].text, 'Job terminated.');
      assert.equal(mine[2].body[0], `\t(1) Normal termination (return value ${proc})`);
      assert.match(mine[2].body[1], /^\t\tUsr \d+ \d\d:\d\d:\d\d, Sys \d+ \d\d:\d\d:\d\d {2}- {2}Run Remote Usage$/);
    }
  });

  test('arguments keep spaces and quotes in the new syntax and backslash-quotes in the old one', async () => {
    const id = uniqueId('args');
    const { cluster } = await sim.submit(
      'args.sub',
      [
        'executable = print-args.sh',
        `output = args.$(Process).out`,
        `+JobsApiId = "${id}"`,
        `arguments = "one 'two with spaces' ""three"" 'it''s' ''"`,
        'queue',
        'arguments = a \\"b\\" c',
        'queue',
      ].join('\n'),
    );
    await sim.finished(`JobsApiId == "${id}"`, 2, ['ProcId']);
    assert.equal(await sim.readFile('args.0.out'), `[one]\n[two with spaces]\n["three"]\n[it's]\n[]\n`);
    assert.equal(await sim.readFile('args.1.out'), '[a]\n["b"]\n[c]\n');
    // The job ads keep new-syntax input as Arguments (V2 raw form), old-syntax input as Args.
    assert.equal(await ssh.run(`condor_history ${cluster}.0 -af Arguments Args`), `one two' 'with' 'spaces "three" it''''s '' undefined\n`);
    assert.equal(await ssh.run(`condor_history ${cluster}.1 -af Arguments Args`), 'undefined a "b" c\n');
  });

  test('values with shell metacharacters are passed literally and never executed', async () => {
    const id = uniqueId('meta');
    const marker = `/tmp/${uniqueId('must-not-exist')}`;
    // (`$(...)` is left out: in a submit file it is a macro reference, as in HTCondor.)
    const hostile = `x; touch ${marker} && echo \`touch ${marker}\` | cat > ${marker} $HOME`;
    await sim.submit(
      'meta.sub',
      ['executable = print-args.sh', 'output = meta.out', `+JobsApiId = "${id}"`, `+Note = "${hostile}"`,
        `arguments = "'${hostile}'"`, 'queue'].join('\n'),
    );
    await sim.finished(`JobsApiId == "${id}"`, 1, ['ProcId']);
    assert.equal(await sim.readFile('meta.out'), `[${hostile}]\n`);
    const noted = await ssh.run(`condor_history -constraint ${shellQuote(`Note == "${hostile}"`)} -af Note`);
    assert.equal(noted, `${hostile}\n`);
    assert.equal((await ssh.exec(`test -e ${shellQuote(marker)}`)).code, 1);
  });

  test('condor_q/condor_history output formats: -format, -af variants, -json, -long, -limit', async () => {
    const id = uniqueId('fmt');
    const { cluster } = await sim.submit('fmt.sub', `executable = print-args.sh\n+JobsApiId = "${id}"\n+Count = 7\nqueue 2\n`);
    await sim.finished(`JobsApiId == "${id}"`, 2, ['ProcId']);
    const history = (args: string) => ssh.run(`condor_history ${cluster} ${args}`);
    assert.equal(await history(`-forwards -format '%d;;;' ClusterId -format '%d+++' JobStatus -format '%d' NoSuchAttr`), `${cluster};;;4+++${cluster};;;4+++`);
    // procs may complete in either order, and -forwards lists them in completion order
    const joined = (await history('-forwards -af:j, Count NoSuchAttr "Count * 2"')).split('\n').sort().join('\n');
    assert.equal(joined, `\n${cluster}.0, 7, undefined, 14\n${cluster}.1, 7, undefined, 14`);
    assert.equal(await history('-limit 1 -af:V JobsApiId'), `"${id}"\n`);
    const ads = JSON.parse(await history(`-json -attributes ClusterId,ProcId,JobsApiId,Requirements`)) as Record<string, unknown>[];
    assert.deepEqual(ads.map((ad) => [ad.ClusterId, ad.JobsApiId]), [[cluster, id], [cluster, id]]);
    assert.deepEqual(Object.keys(ads[0]), ['ClusterId', 'JobsApiId', 'ProcId', 'Requirements']);
    assert.match(String(ads[0].Requirements), /^\/Expr\(.*TARGET\.OpSys == "LINUX".*\)\/$/);
    assert.match(await history(`-limit 1 -long`), new RegExp(`^(?:\\w+ = .+\\n)*JobsApiId = "${id}"\\n(?:\\w+ = .+\\n)*\\n$`));
    assert.equal(await ssh.run(`condor_q ${cluster} -json`), '');
  });

  test('constraint language: case-insensitive names and strings, undefined, =?=, member()', async () => {
    const id = uniqueId('Expr');
    const { cluster } = await sim.submit('expr.sub', `executable = print-args.sh\n+JobsApiId = "${id}"\n+Size = $(Process) * 10\nqueue 3\n`);
    await sim.finished(`JobsApiId == "${id}"`, 3, ['ProcId']);
    const procs = async (constraint: string) =>
      (await sim.rows('condor_history', `ClusterId == ${cluster} && (${constraint})`, ['ProcId'])).map((r) => Number(r[0])).sort();
    assert.deepEqual(await procs(`jobsapiid == "${id.toUpperCase()}"`), [0, 1, 2]);
    assert.deepEqual(await procs(`JobsApiId =?= "${id.toUpperCase()}"`), []);
    assert.deepEqual(await procs('Size >= 10 && !(Size == 20)'), [1]);
    assert.deepEqual(await procs('NoSuchAttr == 1 || ProcId == 2'), [2]);
    assert.deepEqual(await procs('NoSuchAttr =?= undefined && member(ProcId, {0, 2})'), [0, 2]);
    assert.deepEqual(await procs('stringListMember(string(ProcId), "1,2")'), [1, 2]);
  });

  test('submit errors go to stderr with ERROR: and a non-zero exit, and queue nothing', async () => {
    const id = uniqueId('err');
    await sim.writeFile('bad.sub', `executable = no-such-program\n+JobsApiId = "${id}"\nqueue\n`);
    const result = await ssh.exec(`cd ${shellQuote(sim.dir)} && condor_submit bad.sub`);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'Submitting job(s)');
    assert.match(result.stderr, /^\nERROR: Can't access executable file \S+\/no-such-program: No such file or directory\n$/);
    assert.deepEqual(await sim.rows('condor_q', `JobsApiId == "${id}"`, ['ClusterId']), []);
    const missingQueue = await ssh.exec(`cd ${shellQuote(sim.dir)} && printf 'executable = /bin/true\\n' > noq.sub && condor_submit noq.sub`);
    assert.equal(missingQueue.code, 1);
    assert.match(missingQueue.stderr, /ERROR: "noq\.sub" doesn't contain any "queue" commands -- no jobs queued/);
  });

  test('a job whose Requirements match no slot stays Idle', async () => {
    const id = uniqueId('nomatch');
    const { cluster } = await sim.submit('idle.sub', `executable = print-args.sh\nrequirements = TARGET.Machine == "nowhere"\n+JobsApiId = "${id}"\nqueue\n`);
    const probe = uniqueId('probe'); // submitted later, so the daemon has considered the first job once it runs
    await sim.submit('probe.sub', `executable = print-args.sh\n+JobsApiId = "${probe}"\nqueue\n`);
    await sim.finished(`JobsApiId == "${probe}"`, 1, ['ProcId']);
    assert.deepEqual(await sim.rows('condor_q', `JobsApiId == "${id}"`, ['JobStatus', 'NumJobStarts']), [['1', '0']]);
    assert.equal(await ssh.run(`condor_rm ${cluster}`), `All jobs in cluster ${cluster} have been marked for removal\n`);
    await pollUntil(() => sim.rows('condor_history', `JobsApiId == "${id}"`, ['JobStatus']), (r) => r.length === 1, 5000, 'removal');
  });
});
