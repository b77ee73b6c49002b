/**
 * condor_submit_dag and DAGMan in the HTCondor simulator, over SSH: the
 * DAGMan job, node order, retries, UNLESS-EXIT, ABORT-DAG-ON, PRE/POST
 * scripts, throttles, condor_rm and condor_hold of the DAG, rescue DAGs
 * and line-numbered parse errors. Every test has its own directory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  dagmanFinished, dagmanInQueue, eventIndex, maxQueuedAtOnce, nodeEvents, nodeJobs, runSubmitDag, submitDag,
} from './fixtures/htcondor-sim/dag-test-kit.js';
import { parseEventLog, pollUntil, SimClient } from './fixtures/htcondor-sim/sim-test-kit.js';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { SshSession } from './fixtures/sshd/ssh-session.js';

// job.sh NODE SECONDS EXIT: says it ran, sleeps, exits.
const JOB = '#!/bin/sh\necho "$1 ran"\nsleep "$2"\nexit "$3"\n';
const NODE_SUB = 'executable = job.sh\narguments = $(JOB) $(sleep:0.1) $(code:0)\noutput = $(JOB).$(Cluster).out\nqueue\n';
const PRINT_ARGS = '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\n';
const DASHES = '-'.repeat(71);

describe('DAGMan in the HTCondor simulator', { concurrency: 4 }, () => {
  let ssh: SshSession;
  const sims: SimClient[] = [];

  before(async () => {
    ssh = await SshSession.connect(sshdFromEnv());
  });
  after(async () => {
    for (const sim of sims) await sim.remove();
    ssh?.close();
  });

  async function newSim(name: string, files: Record<string, string> = {}): Promise<SimClient> {
    const sim = await SimClient.create(ssh, name);
    sims.push(sim);
    await sim.writeFile('job.sh', JOB, '755');
    await sim.writeFile('node.sub', NODE_SUB);
    for (const [file, text] of Object.entries(files)) await sim.writeFile(file, text, file.endsWith('.sh') ? '755' : '644');
    return sim;
  }

  test('a diamond DAG runs A, then B and C, then D under a running scheduler universe DAGMan job', async () => {
    const sim = await newSim('diamond', { 'args.sh': PRINT_ARGS });
    await sim.writeFile('args.sub', `executable = args.sh\narguments = "'$(first)' '$(second)' '$(third)' '$(fourth)' '$(misc)'"\noutput = args.out\nqueue\n`);
    const dag = [
      'JOB A args.sub', 'JOB B node.sub', 'JOB C node.sub', 'JOB D node.sub',
      'VARS B sleep="0.5"',
      // the manual's VARS example: quotes, backslashes and shell characters reach the job intact
      'VARS A first="Alberto Contador"', 'VARS A second="\\"\\"Andy Schleck\\"\\""', 'VARS A third="Lance\\\\ Armstrong"',
      'VARS A fourth="Vincenzo \'\'The Shark\'\' Nibali"', 'VARS A misc="!@#$%^&*()_-=+=[]{}?/"',
      'PARENT A CHILD B C', 'PARENT B C CHILD D', '',
    ].join('\n');
    const { cluster, stdout } = await submitDag(sim, 'diamond.dag', dag);
    assert.equal(stdout, [
      '', DASHES,
      'File for submitting this DAG to HTCondor           : diamond.dag.condor.sub',
      'Log of DAGMan debugging messages                   : diamond.dag.dagman.out',
      'Log of HTCondor library output                     : diamond.dag.lib.out',
      'Log of HTCondor library error messages             : diamond.dag.lib.err',
      'Log of the life of condor_dagman itself            : diamond.dag.dagman.log',
      '', 'Submitting job(s).', `1 job(s) submitted to cluster ${cluster}.`, DASHES, '',
    ].join('\n'));

    const running = await pollUntil(() => dagmanInQueue(sim, cluster), (ad) => ad?.JobStatus === 2, 10000, 'DAGMan running');
    assert.equal(running?.JobUniverse, 7);
    assert.match(String(running?.Cmd), /\/condor_dagman$/);
    const finished = await dagmanFinished(sim, cluster);
    assert.deepEqual([finished.JobStatus, finished.ExitCode], [4, 0]);

    const jobs = await nodeJobs(sim, cluster);
    assert.deepEqual(jobs.map((j) => [j.node, j.jobStatus, j.exitCode]).sort(), [['A', 4, 0], ['B', 4, 0], ['C', 4, 0], ['D', 4, 0]]);
    const events = await nodeEvents(sim, 'diamond.dag');
    const ended = (node: string) => eventIndex(events, '005', node);
    const submitted = (node: string) => eventIndex(events, '000', node);
    assert.ok(ended('A') < submitted('B') && ended('A') < submitted('C'), 'B and C wait for A');
    assert.ok(ended('B') < submitted('D') && ended('C') < submitted('D'), 'D waits for B and C');
    assert.ok(submitted('C') < ended('B'), 'B and C run side by side');

    assert.equal(await sim.readFile('args.out'), '[Alberto Contador]\n["Andy Schleck"]\n[Lance\\ Armstrong]\n' +
      "[Vincenzo 'The Shark' Nibali]\n[!@#$%^&*()_-=+=[]{}?/]\n");
    const out = await sim.readFile('diamond.dag.dagman.out');
    assert.match(out, /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d All jobs Completed!$/m);
    assert.match(out, /EXITING WITH STATUS 0\n$/);
    const own = parseEventLog(await sim.readFile('diamond.dag.dagman.log'));
    assert.deepEqual(own.map((e) => [e.code, e.cluster]), [['000', cluster], ['001', cluster], ['005', cluster]]);
    assert.equal(await sim.readFile('diamond.dag.lib.err'), '');
  });

  test('RETRY reruns a failing node with $(RETRY) counting up; UNLESS-EXIT stops the retries', async () => {
    const sim = await newSim('retry', { 'until.sh': '#!/bin/sh\n[ "$1" -ge 2 ]\n' });
    await sim.writeFile('until.sub', 'executable = until.sh\narguments = $(RETRY)\nqueue\n');
    const retried = await submitDag(sim, 'retry.dag', 'JOB A until.sub\nRETRY A 3\n');
    assert.equal((await dagmanFinished(sim, retried.cluster)).ExitCode, 0);
    assert.deepEqual((await nodeJobs(sim, retried.cluster)).map((j) => j.exitCode), [1, 1, 0]);
    assert.match(await sim.readFile('retry.dag.dagman.out'), /Retrying node A \(retry #2 of 3\)\.\.\./);

    const stopped = await submitDag(sim, 'unless.dag', 'JOB A node.sub\nVARS A code="4"\nRETRY A 5 UNLESS-EXIT 4\n');
    assert.equal((await dagmanFinished(sim, stopped.cluster)).ExitCode, 1);
    assert.deepEqual((await nodeJobs(sim, stopped.cluster)).map((j) => j.exitCode), [4]);
    const out = await sim.readFile('unless.dag.dagman.out');
    assert.match(out, /Aborting further retries of node A \(last attempt returned 4\)/);
    assert.match(out, /Error: Job proc \(\d+\.0\.0\) failed with status 4 \(after 0 node retries\)/);
  });

  test('ABORT-DAG-ON stops the DAG at once, overriding RETRY, with the RETURN value as exit code', async () => {
    const sim = await newSim('abort');
    const dag = ['JOB Slow node.sub', 'JOB A node.sub', 'JOB B node.sub', 'VARS Slow sleep="30"', 'VARS A code="9"',
      'PARENT A CHILD B', 'RETRY A 3', 'ABORT-DAG-ON A 9 RETURN 7', ''].join('\n');
    const { cluster } = await submitDag(sim, 'abort.dag', dag);
    const finished = await dagmanFinished(sim, cluster);
    assert.deepEqual([finished.JobStatus, finished.ExitCode], [4, 7]);
    const jobs = await pollUntil(() => nodeJobs(sim, cluster), (j) => j.every((x) => x.jobStatus >= 3), 10000, 'node jobs gone');
    assert.deepEqual(jobs.map((j) => [j.node, j.jobStatus]).sort(), [['A', 4], ['Slow', 3]]);
    assert.match(jobs.find((j) => j.node === 'Slow')?.removeReason ?? '', /^DAG Abort: DAG is exiting and writing rescue file\./);
    const out = await sim.readFile('abort.dag.dagman.out');
    assert.match(out, /Aborting DAG because we got the ABORT exit value from a job/);
    assert.match(out, /Writing Rescue DAG to abort\.dag\.rescue001\.\.\./);
  });

  test('PRE and POST scripts: POST turns a failure into success, PRE_SKIP skips, NOOP and DONE nodes run no job', async () => {
    const post = '#!/bin/sh\necho "$*" >> post.txt\nexit 0\n';
    const pre = '#!/bin/sh\necho "$*" >> pre.txt\nexit "$2"\n';
    const sim = await newSim('scripts', { 'post.sh': post, 'pre.sh': pre });
    const dag = [
      'JOB Fail node.sub', 'VARS Fail code="3"', 'SCRIPT POST Fail post.sh $JOB $RETURN $RETRY $MAX_RETRIES',
      'JOB Skip node.sub', 'SCRIPT PRE Skip pre.sh $NODE 5', 'PRE_SKIP Skip 5',
      'JOB Noop node.sub NOOP', 'SCRIPT POST Noop post.sh $JOB $RETURN',
      'JOB Done node.sub DONE',
      'JOB Last node.sub', 'PARENT Fail Skip Noop Done CHILD Last', '',
    ].join('\n');
    const { cluster } = await submitDag(sim, 'scripts.dag', dag);
    assert.equal((await dagmanFinished(sim, cluster)).ExitCode, 0);
    assert.deepEqual((await nodeJobs(sim, cluster)).map((j) => [j.node, j.exitCode]), [['Fail', 3], ['Last', 0]]);
    assert.deepEqual((await sim.readFile('post.txt')).split('\n').sort(), ['', 'Fail 3 0 0', 'Noop 0']);
    assert.equal(await sim.readFile('pre.txt'), 'Skip 5\n');
    const codes = (await nodeEvents(sim, 'scripts.dag')).map((e) => `${e.code} ${e.node}`);
    for (const seen of ['016 Fail', '035 Skip', '000 Noop', '005 Noop', '016 Noop']) assert.ok(codes.includes(seen), seen);
    const out = await sim.readFile('scripts.dag.dagman.out');
    assert.match(out, /PRE_SKIP return value 5 indicates we are done \(successfully\) with node Skip/);
    assert.match(out, /Number of pre-completed nodes: 1/);
  });

  test('MAXJOBS keeps at most that many nodes of a category queued; PRIORITY picks which ready node goes first', async () => {
    const sim = await newSim('throttle');
    const names = ['N1', 'N2', 'N3', 'N4', 'N5'];
    const dag = [...names.map((n) => `JOB ${n} node.sub`), 'VARS ALL_NODES sleep="0.6"', 'CATEGORY ALL_NODES heavy',
      'MAXJOBS heavy 2', 'PRIORITY N5 10', 'PRIORITY N4 5', ''].join('\n');
    const { cluster } = await submitDag(sim, 'throttle.dag', dag);
    assert.equal((await dagmanFinished(sim, cluster)).ExitCode, 0);
    const events = await nodeEvents(sim, 'throttle.dag');
    assert.equal(maxQueuedAtOnce(events), 2);
    assert.deepEqual(events.filter((e) => e.code === '000').map((e) => e.node), ['N5', 'N4', 'N1', 'N2', 'N3']);
    const jobs = await nodeJobs(sim, cluster);
    assert.deepEqual(await Promise.all(jobs.map(async (j) => (await ssh.run(`condor_history ${j.cluster} -af JobPrio`)).trim())), ['10', '5', '0', '0', '0']);
    assert.match(await sim.readFile('throttle.dag.dagman.out'), /Note: 3 total job deferrals because of node category throttles/);
  });

  test('condor_rm of the DAGMan job removes its node jobs and writes a rescue DAG', async () => {
    const sim = await newSim('remove');
    const { cluster } = await submitDag(sim, 'remove.dag', 'JOB A node.sub\nJOB B node.sub\nVARS A sleep="30"\nPARENT A CHILD B\n');
    await pollUntil(() => nodeJobs(sim, cluster), (j) => j[0]?.jobStatus === 2, 10000, 'node A running');
    assert.equal(await ssh.run(`condor_rm ${cluster}`), `All jobs in cluster ${cluster} have been marked for removal\n`);
    assert.equal((await dagmanFinished(sim, cluster)).JobStatus, 3);
    const [job] = await pollUntil(() => nodeJobs(sim, cluster), (j) => j[0]?.jobStatus === 3, 10000, 'node A removed');
    assert.equal(job.node, 'A');
    assert.match(job.removeReason ?? '', /^DAG Removed: User removed scheduler job from queue\./);
    const out = await pollUntil(() => sim.readFile('remove.dag.dagman.out'), (t) => t.includes('EXITING'), 5000, 'DAGMan exit');
    assert.match(out, /Received SIGUSR1[\s\S]*Writing Rescue DAG to remove\.dag\.rescue001[\s\S]*EXITING WITH STATUS 2\n$/);
  });

  test('condor_hold of the DAGMan job pauses new submissions; condor_release resumes in recovery mode', async () => {
    const sim = await newSim('hold', { 'wait.sh': '#!/bin/sh\nwhile [ ! -e go ]; do sleep 0.05; done\n' });
    await sim.writeFile('wait.sub', 'executable = wait.sh\nqueue\n');
    const { cluster } = await submitDag(sim, 'hold.dag', 'JOB A wait.sub\nJOB B node.sub\nPARENT A CHILD B\n');
    await pollUntil(() => nodeJobs(sim, cluster), (j) => j[0]?.jobStatus === 2, 10000, 'node A running');
    assert.equal(await ssh.run(`condor_hold ${cluster}`), `All jobs in cluster ${cluster} have been held\n`);
    // held, DAGMan is stopped (its node jobs are not): nothing can submit B until the release
    await pollUntil(() => sim.readFile('hold.dag.dagman.out'), (t) => t.includes('EXITING WITH STATUS 3'), 10000, 'DAGMan to stop');
    await sim.writeFile('go', '');
    await pollUntil(() => nodeJobs(sim, cluster), (j) => j[0]?.jobStatus === 4, 10000, 'node A to finish while held');
    assert.deepEqual((await nodeJobs(sim, cluster)).map((j) => j.node), ['A']);
    assert.equal((await dagmanInQueue(sim, cluster))?.JobStatus, 5);

    assert.equal(await ssh.run(`condor_release ${cluster}`), `All jobs in cluster ${cluster} have been released\n`);
    const finished = await dagmanFinished(sim, cluster);
    assert.deepEqual([finished.ExitCode, finished.NumJobStarts], [0, 2]);
    assert.deepEqual((await nodeJobs(sim, cluster)).map((j) => [j.node, j.exitCode]), [['A', 0], ['B', 0]]);
    const out = await sim.readFile('hold.dag.dagman.out');
    assert.match(out, /Got SIGTERM\. Performing graceful shutdown\.[\s\S]*EXITING WITH STATUS 3/);
    assert.match(out, /Running in RECOVERY mode\.\.\.[\s\S]*Event: ULOG_JOB_TERMINATED for HTCondor Node A[\s\S]*\.\.\.done with RECOVERY mode/);
  });

  test('a failed DAG leaves a rescue DAG; submitting it again reruns only the nodes that did not complete', async () => {
    const sim = await newSim('rescue', { 'flag.sh': '#!/bin/sh\n[ ! -e fail-flag ]\n' });
    await sim.writeFile('flag.sub', 'executable = flag.sh\nqueue\n');
    await sim.writeFile('fail-flag', '');
    const dag = 'JOB A node.sub\nJOB B flag.sub\nJOB C node.sub\nJOB D node.sub\nPARENT A CHILD B C\nPARENT B C CHILD D\n';
    const first = await submitDag(sim, 'rescue.dag', dag);
    assert.equal((await dagmanFinished(sim, first.cluster)).ExitCode, 1);
    assert.deepEqual((await nodeJobs(sim, first.cluster)).map((j) => j.node).sort(), ['A', 'B', 'C']);
    const rescue = await sim.readFile('rescue.dag.rescue001');
    assert.match(rescue, /^# Rescue DAG file, created after running\n#   the rescue\.dag DAG file\n/);
    assert.match(rescue, /# Nodes that failed: 1\n#   B,<ENDLIST>\n\nDONE A\nDONE C\n$/);
    const out = await sim.readFile('rescue.dag.dagman.out');
    assert.match(out, /ERROR: the following job\(s\) failed:\n.*---------------------- Node ----------------------\n.* {6}Node Name: B\n/);
    assert.match(out, /Node B job proc \(\d+\.0\.0\) failed with status 1\./);

    await ssh.run(`rm ${sim.dir}/fail-flag`);
    const second = await submitDag(sim, 'rescue.dag');
    assert.ok(second.stdout.startsWith(`\nRunning rescue DAG 1\n${DASHES}\n`), second.stdout);
    assert.equal((await dagmanFinished(sim, second.cluster)).ExitCode, 0);
    assert.deepEqual((await nodeJobs(sim, second.cluster)).map((j) => j.node), ['B', 'D']);
    assert.match(await sim.readFile('rescue.dag.dagman.out'), /USING RESCUE DAG rescue\.dag\.rescue001/);
  });

  test('a finished DAG is not submitted again over its files unless -f is given', async () => {
    const sim = await newSim('force');
    const first = await submitDag(sim, 'once.dag', 'JOB A node.sub\n');
    await dagmanFinished(sim, first.cluster);
    const refused = await runSubmitDag(sim, 'once.dag');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^ERROR: "once\.dag\.condor\.sub" already exists\.\n/);
    const forced = await submitDag(sim, 'once.dag', undefined, ['-f']);
    assert.equal((await dagmanFinished(sim, forced.cluster)).ExitCode, 0);
  });

  test('every documented form of the supported commands parses, with keywords in any case', async () => {
    const files = {
      'pre.sh': '#!/bin/sh\nn=$(cat tries 2>/dev/null || echo 0); echo $((n+1)) > tries\n[ "$n" -ge 1 ] || exit 3\n',
      'dagman.conf': '# per-DAG configuration\nDAGMAN_MAX_JOBS_SUBMITTED = 2\n',
      'sub/node.sub': 'executable = ../job.sh\narguments = $(JOB) 0 $(code:0)\nmode = file\noutput = $(JOB).$(mode).out\nqueue\n',
    };
    const sim = await newSim('forms');
    await ssh.run(`mkdir -p ${sim.dir}/sub`);
    for (const [file, text] of Object.entries(files)) await sim.writeFile(file, text, file.endsWith('.sh') ? '755' : '644');
    const dag = [
      '# every form', 'config dagman.conf', 'Job Root node.sub', 'JOB InDir node.sub DIR "sub"', 'job Quiet node.sub NOOP',
      '// another comment', 'JOB Old node.sub DIR sub NOOP DONE', 'JOB Child1 node.sub', 'JOB Child2 \\', '    "node.sub"',
      'parent Root InDir CHILD Child1 Child2', 'PARENT Quiet Old child Child2',
      'SCRIPT DEFER 3 1 PRE Root pre.sh $JOB', 'script debug post.log ALL post Child1 job.sh $JOB 0 $RETURN',
      'VARS InDir APPEND mode="vars"', 'vars ALL_NODES PREPEND code="0" unused="x"',
      'RETRY ALL_NODES 2', 'Retry Child1 1 unless-exit 42', 'ABORT-DAG-ON Child2 99', 'abort-dag-on Root 98 return 0',
      'PRE_SKIP ALL_NODES 77', 'pre-skip Root 76', 'PRIORITY ALL_NODES 1', 'priority Child2 -3',
      'CATEGORY ALL_NODES any', 'category Child1 small', 'MAXJOBS small 1', 'maxjobs any 3', 'DONE Old', '',
    ].join('\n');
    const { cluster } = await submitDag(sim, 'forms.dag', dag);
    assert.equal((await dagmanFinished(sim, cluster)).ExitCode, 0);
    assert.deepEqual((await nodeJobs(sim, cluster)).map((j) => j.node).sort(), ['Child1', 'Child2', 'InDir', 'Root']);
    assert.equal(await sim.readFile('sub/InDir.vars.out'), 'InDir ran\n'); // run in DIR, APPEND beats the submit file
    const out = await sim.readFile('forms.dag.dagman.out');
    assert.match(out, /Using DAGMan config file: dagman\.conf\n.*DAGMAN_MAX_JOBS_SUBMITTED setting: 2\n/);
    assert.match(out, /Deferring PRE script of node Root for 1 seconds \(exit status was 3\)\.\.\./);
    assert.match(await sim.readFile('post.log'), /POST script of node Child1 \(ALL\) exited with 0: job\.sh Child1 0 0\nChild1 ran\n/);
  });

  test('parse errors are reported with their line on stderr, exit 1, and queue nothing', async () => {
    const sim = await newSim('errors');
    const cases: [string, string][] = [
      ['JOB A node.sub\nJOB B node.sub\nPARENT A CHILD C\n', 'bad.dag:3 Unknown node C referenced.'],
      ['JOB A node.sub\n\n# a comment\nRETRY A many\n', "bad.dag:4 Failed to parse RETRY command: Invalid max retry value 'many'"],
      ['JOB A node.sub\nSUBDAG EXTERNAL S s.dag\n', 'bad.dag:2 SUBDAG is not supported by the HTCondor simulator'],
      ['SPLICE S s.dag\n', 'bad.dag:1 SPLICE is not supported by the HTCondor simulator'],
      ['JOB A node.sub\nFINAL F node.sub\n', 'bad.dag:2 FINAL is not supported by the HTCondor simulator'],
      ['JOB A node.sub\nSERVICE S node.sub\n', 'bad.dag:2 SERVICE is not supported by the HTCondor simulator'],
      ['JOB A node.sub\nPROVISIONER P node.sub\n', 'bad.dag:2 PROVISIONER is not supported by the HTCondor simulator'],
      ['DATA D node.sub\n', 'bad.dag:1 DATA is not supported by the HTCondor simulator'],
      ['JOB A node.sub\nSCRIPT HOLD A job.sh\n', 'bad.dag:2 HOLD scripts are not supported by the HTCondor simulator'],
      ['JOB A {\nexecutable = job.sh\n}\n', 'bad.dag:1 Inline submit descriptions are not supported by the HTCondor simulator'],
      ['JOB A node.sub\nVARS A x="new\\nline"\n', 'bad.dag:2 Failed to parse VARS command: Unknown escape sequence "\\n"'],
      ['JOB A node.sub\nVARS A x=unquoted\n', "bad.dag:2 Failed to parse VARS command: x's value must be quoted"],
      ['JOB A node.sub\nJOB A node.sub\n', 'bad.dag:2 Node name A is already used (line 1)'],
      ['JOB A.1 node.sub\n', "bad.dag:1 Failed to parse JOB command: Node name A.1 contains an illegal character ('+', '.' or a quote)"],
      ['JOB A node.sub \\\n  NOOP \\\n  EXTRA\n', "bad.dag:1 Failed to parse JOB command: Unexpected token 'EXTRA'"],
      ['JOB A node.sub\nFOO A\n', "bad.dag:2 'FOO' is not a valid DAG command"],
      ['JOB A node.sub\nABORT-DAG-ON A 1 RETURN 300\n', "bad.dag:2 Failed to parse ABORT-DAG-ON command: Invalid RETURN code '300' (Must be between 0 and 255)"],
    ];
    for (const [dag, error] of cases) {
      const result = await runSubmitDag(sim, 'bad.dag', dag);
      assert.deepEqual([result.code, result.stdout, result.stderr], [1, '\n', `ERROR: ${error}\n`], dag);
    }
    assert.equal((await ssh.exec(`test -e ${sim.dir}/bad.dag.condor.sub`)).code, 1);
  });
});
