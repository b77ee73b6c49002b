/**
 * CONDORWORKFLOW jobs through the whole product: API → queue → workflow
 * worker → SSH → simulated DAGMan → node and workflow statuses → outputs.
 * The scheduler poll is set to a minute, so statuses arriving within
 * seconds prove the push path (the DAG's event logs).
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { SshSession } from './fixtures/sshd/ssh-session.js';
import { createScheduler, filesNamed, JobWatch, statusHistory, workspaceFiles } from './support/condor.js';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';
import { logText, nodeLogEvents, nodesOf, nodeTimeline, STEP, step } from './support/workflow.js';

const JOBS = '/api/v1/apps/hydro/jobs';
const sshd = sshdFromEnv();
// (no `$(...)`: that is HTCondor's own macro syntax, which condor_submit expands in any value)
const NASTY = 'say "hi" \\ it\'s $HOME; touch pwned-a | `touch pwned-b` && touch pwned-c > pwned-d \\';
const POST = '#!/bin/sh\n# post.sh NODE RETURN: record, then succeed whatever the job returned\necho "$1 $2" >> post.txt\nexit 0\n';

describe('CONDORWORKFLOW jobs over SSH', { concurrency: 4 }, () => {
  let stack: Stack;
  let alice: ApiClient;
  let jobs: JobWatch;
  let scheduler: string;

  before(async () => {
    stack = await Stack.start({ jobTypes: ['condor', 'condorworkflow'], env: { SCHEDULER_POLL_INTERVAL_MS: '60000' } });
    alice = await stack.client('hydro', 'alice');
    jobs = new JobWatch(alice, JOBS);
    scheduler = `dag-pool-${stack.prefix}`;
    await createScheduler(new ApiClient(stack.baseUrl, stack.adminKey), scheduler, sshd);
    await workspaceFiles(stack, 'hydro', 'alice', { 'step.sh': STEP, 'post.sh': POST });
  });
  after(() => stack?.close());

  const workflow = async (name: string, nodes: Record<string, unknown>[], fields: Record<string, unknown> = {}) => {
    const res = await alice.post(JOBS, {
      name, jobType: 'CONDORWORKFLOW', scheduler, remoteInputFiles: ['step.sh', 'post.sh'], nodes, execute: true, ...fields,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };

  test('a diamond DAG completes; nodes are reported in dependency order; logs and outputs are synced', async () => {
    // Steps long enough that the DAG is seen running (Various) on a loaded machine, not only once it has ended.
    const created = await workflow('diamond {id}', [
      step('A', [1, 0]), step('B', [1, 0], { parents: ['A'] }), step('C', [1, 0], { parents: ['A'] }), step('D', [0, 0], { parents: ['B', 'C'] }),
    ]);
    const done = await jobs.until(created.id, ['COM', 'ERR'], 40_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    assert.equal(done.name, `diamond ${created.id}`);
    const trail = await stack.ds.query(`SELECT at, type, from_status, to_status, message FROM job_events WHERE job_id = $1 ORDER BY id`, [created.id]);
    assert.deepEqual(await statusHistory(stack, created.id), ['PEN', 'SUB', 'VAR', 'RES', 'COM'], JSON.stringify(trail));
    const nodes = await nodesOf(alice, JOBS, created.id);
    for (const node of Object.values(nodes)) assert.deepEqual([node.statusCode, node.exitCode], ['COM', 0], node.name);
    assert.deepEqual(nodes.A.children, ['B', 'C']);
    assert.deepEqual(nodes.D.parents, ['B', 'C']);
    assert.ok(nodes.A.clusterId! < nodes.B.clusterId! && nodes.B.clusterId! < nodes.D.clusterId!);

    const timeline = await nodeTimeline(stack, created.id);
    const first = (entry: string) => timeline.indexOf(entry);
    const started = (node: string) => timeline.findIndex((e) => e.startsWith(`${node} `));
    assert.ok(first('A Complete') >= 0 && first('A Complete') < Math.min(started('B'), started('C')), timeline.join('; '));
    assert.ok(Math.max(first('B Complete'), first('C Complete')) < started('D'), timeline.join('; '));

    const events = nodeLogEvents(await logText(alice, JOBS, created.id, '.dag.nodes.log'));
    const at = (code: number, node: string) => events.findIndex(([c, n]) => c === code && n === node);
    assert.ok(at(5, 'A') < at(0, 'B') && at(5, 'A') < at(0, 'C') && Math.max(at(5, 'B'), at(5, 'C')) < at(0, 'D'));
    const { body: logs } = await alice.get(`${JOBS}/${created.id}/logs`);
    const dag = `diamond_${created.id}.dag`;
    const paths = logs.files.map((f: { path: string }) => f.path);
    for (const file of [`${dag}.dagman.out`, `${dag}.dagman.log`, `${dag}.nodes.log`, `${dag}.lib.err`]) assert.ok(paths.includes(file), file);
    for (const node of ['A', 'B', 'C', 'D']) {
      const cluster = nodes[node].clusterId;
      for (const file of [`${node}/logs/${node}.${cluster}.log`, `${node}/logs/${node}.${cluster}.0.out`, `${node}/logs/${node}.${cluster}.0.err`]) {
        assert.ok(paths.includes(file), file);
      }
    }
    assert.match(await logText(alice, JOBS, created.id, '.dag.dagman.out'), /All jobs Completed!/);
    const runs = await readFile(path.join(done.workspace, `job-${created.id}`, 'results', 'A', 'runs.txt'), 'utf8');
    assert.equal(runs, 'run\n');
  });

  test('a failing node with RETRY is retried until it succeeds', async () => {
    const created = await workflow('retry', [step('Flaky', [0, 1, 2], { retry: 3 }), step('After', [0, 0], { parents: ['Flaky'] })]);
    const done = await jobs.until(created.id, ['COM', 'ERR'], 40_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    const nodes = await nodesOf(alice, JOBS, created.id);
    assert.deepEqual([nodes.Flaky.statusCode, nodes.Flaky.exitCode], ['COM', 0]);
    const timeline = (await nodeTimeline(stack, created.id)).filter((e) => e.startsWith('Flaky '));
    assert.ok(timeline.indexOf('Flaky Error') < timeline.lastIndexOf('Flaky Complete'), timeline.join('; '));
    assert.equal(await readFile(path.join(done.workspace, `job-${created.id}`, 'results', 'Flaky', 'runs.txt'), 'utf8'), 'run\nrun\nrun\n');
    assert.equal((await logText(alice, JOBS, created.id, '.dagman.out')).match(/Retrying node Flaky/g)?.length, 2);
  });

  test('UNLESS-EXIT stops the retries: the DAG fails naming the node and its exit code', async () => {
    const created = await workflow('unless', [step('Doomed', [0, 2], { retry: 3, retryUnlessExit: 2 }), step('Never', [0, 0], { parents: ['Doomed'] })]);
    const done = await jobs.until(created.id, ['COM', 'ERR'], 40_000);
    assert.equal(done.statusCode, 'ERR');
    assert.match(done.statusMessage, /^DAG failed \(DAGMan exit code 1\); failed node: Doomed \(exit 2\); rescue DAG unless\.dag\.rescue001 written/);
    const nodes = await nodesOf(alice, JOBS, created.id);
    assert.deepEqual([nodes.Doomed.statusCode, nodes.Doomed.exitCode], ['ERR', 2]);
    assert.deepEqual([nodes.Never.statusCode, nodes.Never.clusterId], ['ABT', null]);
    const remote = path.join(sshd.homeDir, done.runtime.remoteDir, 'Doomed', 'runs.txt');
    assert.equal(await readFile(remote, 'utf8'), 'run\n', 'ran once: no retries');
  });

  test('ABORT-DAG-ON stops the whole DAG at once, removing the nodes still running', async () => {
    const created = await workflow('abort', [
      step('Stopper', [0.3, 3], { abortDagOn: 3, retry: 2 }), step('Slow', [60, 0]), step('Later', [0, 0], { parents: ['Stopper'] }),
    ]);
    const done = await jobs.until(created.id, ['COM', 'ERR'], 30_000);
    assert.equal(done.statusCode, 'ERR');
    assert.match(done.statusMessage, /^DAG aborted by ABORT-DAG-ON of node Stopper \(DAGMan exit code 3\); failed node: Stopper \(exit 3\)/);
    const nodes = await nodesOf(alice, JOBS, created.id);
    assert.deepEqual([nodes.Stopper.statusCode, nodes.Stopper.exitCode], ['ERR', 3]);
    assert.equal(nodes.Slow.statusCode, 'ABT');
    assert.equal(nodes.Later.statusCode, 'ABT');
  });

  test('a POST script turns a failed job into a successful node', async () => {
    const created = await workflow('post', [step('Rescued', [0, 1], { postScript: 'post.sh', postScriptArgs: ['$JOB', '$RETURN'] })]);
    const done = await jobs.until(created.id, ['COM', 'ERR'], 30_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    const { Rescued } = await nodesOf(alice, JOBS, created.id);
    assert.deepEqual([Rescued.statusCode, Rescued.exitCode, Rescued.message], ['COM', 0, 'POST script succeeded (job exit code 1)']);
    assert.equal(await readFile(path.join(done.workspace, `job-${created.id}`, 'results', 'post.txt'), 'utf8'), 'Rescued 1\n');
  });

  test('MAXJOBS: at most one node of a throttled category is queued at a time', async () => {
    const narrow = (name: string) => step(name, [0.3, 0], { category: 'narrow' });
    const created = await workflow('throttled', [narrow('N1'), narrow('N2'), narrow('N3'), step('Free', [0.3, 0])], { maxJobs: { narrow: 1 } });
    const done = await jobs.until(created.id, ['COM', 'ERR'], 40_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    let queued = 0;
    let most = 0;
    for (const [code, node] of nodeLogEvents(await logText(alice, JOBS, created.id, '.nodes.log'))) {
      if (!node.startsWith('N')) continue;
      queued += code === 0 ? 1 : code === 5 || code === 9 ? -1 : 0;
      most = Math.max(most, queued);
    }
    assert.equal(most, 1);
  });

  test('node names with quotes, spaces or shell characters are 400s; variables with them are carried literally, never executed', async () => {
    for (const name of ['two words', 'say"hi"', "it's", 'a;touch pwned-name', '$(touch pwned-name)', 'PARENT']) {
      const res = await alice.post(JOBS, { name: 'bad', jobType: 'CONDORWORKFLOW', scheduler, nodes: [step(name, [0, 0])] });
      assert.equal(res.status, 400, name);
      assert.equal(res.body.errors[0].field, 'nodes[0].name', name);
    }
    const created = await workflow('vars $(touch pwned-wf) `touch pwned-wf2`; touch pwned-wf3', [
      step('Vars', [0, 0], { variables: { note: NASTY }, attributes: { submit_event_notes: '$(note)' } }),
    ]);
    const done = await jobs.until(created.id, ['COM', 'ERR'], 30_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    const { Vars } = await nodesOf(alice, JOBS, created.id);
    const ssh = await SshSession.connect(sshd);
    try {
      const [ad] = JSON.parse(await ssh.run(`condor_history ${Vars.clusterId} -json -attributes SubmitEventNotes`));
      assert.equal(ad.SubmitEventNotes, NASTY);
    } finally {
      ssh.close();
    }
    const results = path.join(done.workspace, `job-${created.id}`, 'results');
    const dag = (await readdir(results)).find((f) => f.endsWith('.dag'))!;
    const quoted = NASTY.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
    assert.ok((await readFile(path.join(results, dag), 'utf8')).includes(`\nVARS Vars note="${quoted}"\n`));
    for (const root of [sshd.homeDir, stack.workspaces]) {
      assert.deepEqual(await filesNamed(root, 'pwned'), [], `nothing was executed under ${root}`);
    }
  });
});
