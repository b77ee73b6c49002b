/**
 * The CONDORWORKFLOW API without a worker: creating workflows with their
 * nodes in one request, adding nodes before execute, every validation a
 * 400 naming the field and the nodes involved, the nodes view, and the
 * DAG file `condor render-dag` prints.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sshdFromEnv } from './fixtures/sshd/sshd-fixture.js';
import { createScheduler } from './support/condor.js';
import type { ApiClient } from './support/http.js';
import { ROOT } from './support/processes.js';
import { Stack } from './support/stack.js';
import { nodesOf, step } from './support/workflow.js';

const JOBS = '/api/v1/apps/flows/jobs';

describe('CONDORWORKFLOW API', () => {
  let stack: Stack;
  let bob: ApiClient;
  let scheduler: string;

  before(async () => {
    stack = await Stack.start({ jobTypes: [] });
    bob = await stack.client('flows', 'bob');
    scheduler = `dag-api-${stack.prefix}`;
    await createScheduler(await stack.client('flows', null).then((c) => c.withKey(stack.adminKey)), scheduler, sshdFromEnv());
  });
  after(() => stack?.close());

  const create = (nodes: unknown, fields: Record<string, unknown> = {}) =>
    bob.post(JOBS, { name: 'flow {id}', jobType: 'CONDORWORKFLOW', scheduler, nodes, ...fields });

  const rejects = async (nodes: unknown, field: string, message: RegExp, fields: Record<string, unknown> = {}) => {
    const res = await create(nodes, fields);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.errors[0].field, field);
    assert.match(res.body.message, message);
  };

  test('a workflow is created with its nodes in one request; the nodes view shows parents and children', async () => {
    const res = await create([step('A', [1, 0]), step('B', [1, 0], { parents: ['A'] }), step('C', [1, 0], { parents: ['A'], done: true }), step('D', [1, 0], { parents: ['B', 'C'] })]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.name, `flow ${res.body.id}`);
    assert.deepEqual(res.body.spec, { scheduler, maxJobs: {}, config: null, remoteInputFiles: [] });
    const nodes = await nodesOf(bob, JOBS, res.body.id);
    assert.deepEqual(Object.keys(nodes), ['A', 'B', 'C', 'D']);
    assert.deepEqual([nodes.A.parents, nodes.A.children, nodes.D.parents, nodes.D.children], [[], ['B', 'C'], ['B', 'C'], []]);
    assert.deepEqual([nodes.A.statusCode, nodes.A.clusterId, nodes.A.exitCode], ['PEN', null, null]);
    assert.deepEqual([nodes.C.statusCode, nodes.C.message], ['COM', 'marked DONE: not run']);
    assert.equal((await bob.as('eve').get(`${JOBS}/${res.body.id}/nodes`)).status, 404, "another user's workflow is not found");
  });

  test('duplicate names, unknown parents and cycles are 400s naming the nodes', async () => {
    await rejects([step('A', [0, 0]), step('A', [0, 0])], 'nodes[1].name', /"A" is already the name of nodes\[0\]/);
    await rejects([step('A', [0, 0], { parents: ['Ghost'] })], 'nodes[0].parents', /node "A" names an unknown parent "Ghost"/);
    await rejects([step('A', [0, 0], { parents: ['C'] }), step('B', [0, 0], { parents: ['A'] }), step('C', [0, 0], { parents: ['B'] })],
      'nodes[0].parents', /the dependencies form a cycle: ([ABC]) -> [ABC] -> [ABC] -> \1/);
    await rejects([step('A', [0, 0], { parents: ['A'] })], 'nodes[0].parents', /cycle: A -> A/);
  });

  test('only JOB nodes: DATA, SUBDAG, SPLICE and FINAL are 400s that say so', async () => {
    for (const type of ['DATA', 'SUBDAG', 'SPLICE', 'FINAL']) {
      await rejects([step('A', [0, 0], { type })], 'nodes[0].type', new RegExp(`${type} nodes are not supported; only JOB nodes are`));
    }
  });

  test('every other problem is a 400 naming its field', async () => {
    const cases: [unknown, string, Record<string, unknown>?][] = [
      [[{ name: 'A' }], 'nodes[0].executable'],
      [[step('A', [0, 0], { colour: 'red' })], 'nodes[0].colour'],
      [[step('A', [0, 0], { attributes: { log: '/tmp/x.log' } })], 'nodes[0].attributes.log'],
      [[step('A', [0, 0], { retryUnlessExit: 2 })], 'nodes[0].retryUnlessExit'],
      [[step('A', [0, 0], { abortDagOn: 'x' })], 'nodes[0].abortDagOn'],
      [[step('A', [0, 0], { preScript: 'pre.sh', preScriptArgs: ['two words'] })], 'nodes[0].preScriptArgs'],
      [[step('A', [0, 0], { variables: { 'bad name': 1 } })], 'nodes[0].variables.bad name'],
      [[step('A', [0, 0], { variables: { x: 'line\nbreak' } })], 'nodes[0].variables.x'],
      [[step('A', [0, 0], { dir: '../escape' })], 'nodes[0].dir'],
      [[step('A', [0, 0], { category: 'a b' })], 'nodes[0].category'],
      [[step('A', [0, 0])], 'maxJobs.a b', { maxJobs: { 'a b': 1 } }],
      [[step('A', [0, 0])], 'maxJobs.x', { maxJobs: { x: 0 } }],
      [[step('A', [0, 0])], 'config.DAGMAN_X', { config: { DAGMAN_X: 'a\nb' } }],
      [[step('A', [0, 0])], 'remoteInputFiles[0]', { remoteInputFiles: ['../../etc/passwd'] }],
      ['A', 'nodes'],
    ];
    for (const [nodes, field, fields] of cases) {
      const res = await create(nodes, fields);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors[0].field, field, JSON.stringify(res.body));
    }
  });

  test('nodes are added before execute, naming existing nodes as parents; 409 once executed', async () => {
    const { body: job } = await create([step('A', [0, 0])]);
    const nodesUrl = `${JOBS}/${job.id}/nodes`;
    const added = await bob.post(nodesUrl, { nodes: [step('B', [0, 0], { parents: ['A'] }), step('C', [0, 0], { parents: ['B'] })] });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(added.body.nodes.map((n: { name: string }) => n.name), ['A', 'B', 'C']);
    assert.deepEqual(added.body.nodes[0].children, ['B']);
    const cycle = await bob.post(nodesUrl, { nodes: [step('X', [0, 0], { parents: ['Y'] }), step('Y', [0, 0], { parents: ['X'] })] });
    assert.equal(cycle.status, 400);
    assert.match(cycle.body.errors[0].field, /^nodes\[[01]\]\.parents$/);
    const twin = await bob.post(nodesUrl, { nodes: [step('A', [0, 0])] });
    assert.equal(twin.status, 400);
    assert.equal(twin.body.errors[0].field, 'nodes[0].name');
    assert.equal((await bob.post(nodesUrl, { nodes: [] })).status, 400);
    assert.equal((await bob.post(`${JOBS}/${job.id}/actions/execute`)).status, 202);
    const late = await bob.post(nodesUrl, { nodes: [step('D', [0, 0])] });
    assert.equal(late.status, 409);
    assert.match(late.body.message, /nodes can only be added before a workflow is executed/);
    const { body: basic } = await bob.post(JOBS, { name: 'plain', jobType: 'BASIC' });
    assert.equal((await bob.get(`${JOBS}/${basic.id}/nodes`)).status, 400);
  });

  test('condor render-dag prints the DAG file: every node command, quoted VARS, UNLESS-EXIT, ABORT-DAG-ON, MAXJOBS', async () => {
    const { body: job } = await create([
      step('A', [0, 0], { variables: { note: 'say "hi" \\ $HOME' }, preScript: 'pre.sh', preScriptArgs: '$JOB $RETRY', priority: 5, category: 'narrow' }),
      step('B', [0, 0], { parents: ['A'], retry: 3, retryUnlessExit: 2, postScript: 'post.sh', dir: 'sub', noop: true }),
      step('C', [0, 0], { parents: ['A'], abortDagOn: 4, abortDagOnReturn: 1, preScript: 'pre.sh', preSkip: 9, done: true }),
    ], { maxJobs: { narrow: 2 }, config: { DAGMAN_MAX_JOBS_SUBMITTED: 10 } });
    const dag = execFileSync(process.execPath, [path.join(ROOT, 'dist/apps/cli/src/main.js'), 'condor', 'render-dag', job.id], {
      env: { ...process.env, DATABASE_URL: stack.env.DATABASE_URL }, encoding: 'utf8',
    });
    const dagFile = `flow_${job.id}.dag`;
    assert.equal(dag, [
      `CONFIG ${dagFile}.config`, '',
      'JOB A A/A.job', 'JOB B B/B.job DIR sub NOOP', 'JOB C C/C.job DONE', '',
      'VARS A note="say \\"hi\\" \\\\ $HOME"', '',
      'PARENT A CHILD B C', '',
      'SCRIPT PRE A pre.sh $JOB $RETRY', 'SCRIPT POST B post.sh', 'SCRIPT PRE C pre.sh', '',
      'PRE_SKIP C 9', '', 'CATEGORY A narrow', '', 'PRIORITY A 5', '', 'RETRY B 3 UNLESS-EXIT 2', '', 'ABORT-DAG-ON C 4 RETURN 1', '',
      'MAXJOBS narrow 2', '',
    ].join('\n'));
  });
});
