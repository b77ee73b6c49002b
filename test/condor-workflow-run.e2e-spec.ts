/**
 * CONDORWORKFLOW jobs through the whole product: API → queue → workflow
 * worker → SSH → simulated DAGMan → node and workflow statuses → outputs.
 * The scheduler poll is set to a minute, so statuses arriving within
 * seconds prove the push path (the DAG's event logs).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { createScheduler, JobWatch, statusHistory, workspaceFiles } from './support/condor.js';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';
import { logText, nodeLogEvents, nodesOf, nodeTimeline, STEP, step } from './support/workflow.js';

const JOBS = '/api/v1/apps/hydro/jobs';
const sshd = sshdFromEnv();
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
    const created = await workflow('diamond {id}', [
      step('A', [0.3, 0]), step('B', [0.3, 0], { parents: ['A'] }), step('C', [0.3, 0], { parents: ['A'] }), step('D', [0, 0], { parents: ['B', 'C'] }),
    ]);
    const done = await jobs.until(created.id, ['COM', 'ERR'], 40_000);
    assert.equal(done.statusCode, 'COM', done.statusMessage);
    assert.equal(done.name, `diamond ${created.id}`);
    assert.deepEqual(await statusHistory(stack, created.id), ['PEN', 'SUB', 'VAR', 'RES', 'COM']);
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
});
