/**
 * The DAG library against the simulated DAGMan over SSH: workflows written
 * with writeDagFile/workflowFiles run as written (VARS values with quotes,
 * backslashes and shell characters arrive intact, UNLESS-EXIT and
 * ABORT-DAG-ON take effect), and the node status and dagman.out parsers
 * read what condor_q/condor_history and DAGMan produce.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  jobAttributes, nodeJobsQuery, nodeStatuses, parseDagmanOut, parseNodeJobs, workflowFiles, type Workflow,
} from '../libs/schedulers/src/condor/index.js';
import { commandLine } from '../libs/schedulers/src/ssh/shell-quote.js';
import { dagmanFinished, nodeEvents, submitDag } from './fixtures/htcondor-sim/dag-test-kit.js';
import { SimClient } from './fixtures/htcondor-sim/sim-test-kit.js';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { shellQuote, SshSession } from './fixtures/sshd/ssh-session.js';

// job.sh SECONDS EXIT
const JOB = '#!/bin/sh\nsleep "$1"\nexit "$2"\n';
const RECORD = '#!/bin/sh\necho "$*" >> scripts.txt\n';
const stamps = { jobsApiId: 'wf-1', jobsApiToken: 'tok-1' };
const NASTY = 'say "hi" \\ it\'s $HOME; rm -rf * | `id` & <x> \\';

describe('DAG files from the library in the simulated DAGMan', { concurrency: 3 }, () => {
  let ssh: SshSession;
  const sims: SimClient[] = [];

  before(async () => {
    ssh = await SshSession.connect(sshdFromEnv());
  });
  after(async () => {
    for (const sim of sims) await sim.remove();
    ssh?.close();
  });

  async function writeWorkflow(name: string, workflow: Workflow, extraDirs: string[] = []): Promise<SimClient> {
    const sim = await SimClient.create(ssh, name);
    sims.push(sim);
    await sim.writeFile('job.sh', JOB, '755');
    await sim.writeFile('record.sh', RECORD, '755');
    for (const [file, text] of workflowFiles(workflow, stamps)) {
      await ssh.run(`mkdir -p ${shellQuote(path.posix.join(sim.dir, path.posix.dirname(file)))}`);
      await sim.writeFile(file, text);
    }
    for (const dir of extraDirs) await ssh.run(`mkdir -p ${shellQuote(`${sim.dir}/${dir}`)}`);
    return sim;
  }

  async function statuses(dagman: number) {
    const rows = [];
    for (const tool of ['condor_q', 'condor_history'] as const) rows.push(...parseNodeJobs(await ssh.run(commandLine(nodeJobsQuery(tool, [dagman])))));
    return nodeStatuses(rows);
  }

  test('a diamond with every feature runs; VARS values arrive exactly as given', async () => {
    const job = (seconds: number, exit = 0) => ({ attributes: { executable: 'job.sh', arguments: [String(seconds), String(exit)] } });
    const workflow: Workflow = {
      name: 'Diamond {id}',
      config: 'dagman.conf',
      maxJobs: { narrow: 1 },
      nodes: [
        { name: 'A', submit: { description: 'executable = job.sh\narguments = 0 0\nsubmit_event_notes = $(note)\nqueue\n' },
          variables: { note: NASTY }, preScript: 'record.sh', preScriptArgs: 'pre $JOB $RETRY', priority: 3 },
        { name: 'B', parents: ['A'], submit: job(0.2), category: 'narrow', postScript: 'record.sh', postScriptArgs: ['post', '$JOB', '$RETURN'] },
        { name: 'C', parents: ['A'], submit: { attributes: { executable: '../job.sh', arguments: ['0.2', '0'] } }, category: 'narrow', dir: 'cdir' },
        { name: 'Tethys_node', parents: ['B', 'C'], submit: { attributes: jobAttributes('Tethys_node', 'vanilla_base', { executable: '../job.sh', arguments: ['0', '0'] }) } },
        { name: 'Quiet', parents: ['A'], submit: job(0), noop: true, retry: 2, retryUnlessExit: 7 },
        { name: 'Old', submit: job(0), done: true },
      ],
    };
    const sim = await writeWorkflow('writer-ok', workflow, ['Tethys_node/logs']);
    await sim.writeFile('dagman.conf', 'DAGMAN_MAX_JOBS_SUBMITTED = 4\n');
    const { cluster } = await submitDag(sim, 'Diamond__id_.dag');
    assert.equal((await dagmanFinished(sim, cluster)).ExitCode, 0);

    const nodes = await statuses(cluster);
    assert.deepEqual([...nodes.keys()].sort(), ['A', 'B', 'C', 'Tethys_node']);
    for (const status of nodes.values()) assert.deepEqual([status.status.code, status.exitCode, status.attempts], ['COM', 0, 1]);
    const notes = JSON.parse(await ssh.run(`condor_history ${nodes.get('A')!.clusterId} -json -attributes SubmitEventNotes`)) as { SubmitEventNotes: string }[];
    assert.equal(notes[0].SubmitEventNotes, NASTY);
    assert.equal(await sim.readFile('scripts.txt'), 'pre A 0\npost B 0\n');
    assert.match(await sim.readFile('Tethys_node/logs/Tethys_node.' + nodes.get('Tethys_node')!.clusterId + '.log'), /^000 \(/);
    const events = await nodeEvents(sim, 'Diamond__id_.dag');
    const bSubmitted = events.findIndex((e) => e.code === '000' && e.node === 'B');
    const cSubmitted = events.findIndex((e) => e.code === '000' && e.node === 'C');
    const firstDone = events.findIndex((e) => e.code === '005' && (e.node === 'B' || e.node === 'C'));
    assert.ok(Math.max(bSubmitted, cSubmitted) > firstDone, 'MAXJOBS narrow 1: B and C one at a time');

    const summary = parseDagmanOut(await sim.readFile('Diamond__id_.dag.dagman.out'));
    assert.deepEqual([summary.completed, summary.exitStatus, summary.failedNodes, summary.rescueFile], [true, 0, [], undefined]);
  });

  test('a failing node with RETRY and UNLESS-EXIT: statuses, failed nodes and the rescue DAG are read back', async () => {
    const workflow: Workflow = {
      name: 'failing',
      nodes: [
        { name: 'Flaky', submit: { attributes: { executable: 'job.sh', arguments: ['0', '2'] } }, retry: 3, retryUnlessExit: 2 },
        { name: 'Fine', submit: { attributes: { executable: 'job.sh', arguments: ['0', '0'] } } },
        { name: 'After', parents: ['Flaky', 'Fine'], submit: { attributes: { executable: 'job.sh', arguments: ['0', '0'] } } },
      ],
    };
    const sim = await writeWorkflow('writer-fail', workflow);
    const { cluster } = await submitDag(sim, 'failing.dag');
    assert.equal((await dagmanFinished(sim, cluster)).ExitCode, 1);
    const nodes = await statuses(cluster);
    assert.deepEqual([...nodes.keys()].sort(), ['Fine', 'Flaky']);
    assert.deepEqual([nodes.get('Flaky')?.exitCode, nodes.get('Flaky')?.attempts], [2, 1]); // UNLESS-EXIT 2: no retry
    const summary = parseDagmanOut(await sim.readFile('failing.dag.dagman.out'));
    assert.deepEqual(summary.failedNodes.map((n) => [n.name, n.returnValue]), [['Flaky', 2]]);
    assert.equal(summary.rescueFile, 'failing.dag.rescue001');
    assert.match(await sim.readFile('failing.dag.rescue001'), /\nDONE Fine\n$/);
  });

  // (a RETURN above 2 would make a real schedd requeue the DAGMan job: its on_exit_remove)
  test('ABORT-DAG-ON with RETURN ends the DAG with that exit code', async () => {
    const workflow: Workflow = {
      name: 'abort',
      nodes: [
        { name: 'Stop', submit: { attributes: { executable: 'job.sh', arguments: ['0', '4'] } }, abortDagOn: 4, abortDagOnReturn: 2, retry: 5 },
        { name: 'Never', parents: ['Stop'], submit: { attributes: { executable: 'job.sh', arguments: ['0', '0'] } } },
      ],
    };
    const sim = await writeWorkflow('writer-abort', workflow);
    const { cluster } = await submitDag(sim, 'abort.dag');
    assert.equal((await dagmanFinished(sim, cluster)).ExitCode, 2);
    assert.deepEqual([...(await statuses(cluster)).keys()], ['Stop']);
    const summary = parseDagmanOut(await sim.readFile('abort.dag.dagman.out'));
    assert.deepEqual([summary.abortedBy, summary.exitStatus, summary.dagStatus?.name], ['job', 2, 'DAG_STATUS_ABORT']);
  });
});
