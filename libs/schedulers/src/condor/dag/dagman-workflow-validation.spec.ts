import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../../domain/src/index.js';
import { scriptArgs, validateWorkflow } from './dagman-workflow-validation.js';
import type { Workflow, WorkflowNode } from './dagman-workflow.types.js';

const submit = { attributes: { executable: 'run.sh' } };
const node = (name: string, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({ name, submit, ...extra });
const workflow = (...nodes: WorkflowNode[]): Workflow => ({ name: 'w', nodes });
const loose = (extra: Record<string, unknown>) => extra as Partial<WorkflowNode>;

describe('validateWorkflow', () => {
  test('a diamond with every option set is valid', () => {
    validateWorkflow({
      name: 'w',
      config: 'conf/dagman.conf',
      maxJobs: { heavy: 1 },
      nodes: [
        node('A', { preScript: 'pre.sh', preScriptArgs: '$JOB x', preSkip: 3, variables: { 'My.Note': 'x', _n: 1 }, dir: 'a' }),
        node('B', { parents: ['A'], retry: 2, retryUnlessExit: -1, postScript: '/bin/check', postScriptArgs: ['$RETURN'] }),
        node('C', { parents: ['A'], abortDagOn: 1, abortDagOnReturn: 255, category: 'heavy', priority: -7, noop: true }),
        node('D-1', { parents: ['B', 'C'], done: true, submit: { description: 'executable = x\nQueue 3\n' }, submitFile: 'd/d.sub' }),
      ],
    });
  });

  const cases: [string, Workflow, string, RegExp][] = [
    ['no nodes', { name: 'w', nodes: [] }, 'nodes', /at least one node/],
    ['a duplicate name', workflow(node('A'), node('A')), 'nodes[1].name', /"A" is already the name of nodes\[0\]/],
    ['a name with a space', workflow(node('my node')), 'nodes[0].name', /letters, digits, "_" or "-"/],
    ['a name with quotes', workflow(node('a"b')), 'nodes[0].name', /white space, quotes/],
    ['a name with a dot', workflow(node('a.b')), 'nodes[0].name', /"\+" or "\."/],
    ['a name with shell characters', workflow(node('a;rm')), 'nodes[0].name', /letters, digits/],
    ['a reserved word', workflow(node('child')), 'nodes[0].name', /"child" is a DAG file keyword/],
    ['ALL_NODES', workflow(node('ALL_NODES')), 'nodes[0].name', /keyword/],
    ['a SUBDAG node', workflow(node('A', { type: 'SUBDAG' })), 'nodes[0].type', /SUBDAG nodes are not supported; only JOB nodes are/],
    ['a FINAL node', workflow(node('A', { type: 'FINAL' })), 'nodes[0].type', /FINAL nodes are not supported/],
    ['an unknown parent', workflow(node('A'), node('B', { parents: ['X'] })), 'nodes[1].parents', /node "B" names an unknown parent "X"/],
    ['a self-dependency', workflow(node('A', { parents: ['A'] })), 'nodes[0].parents', /cycle: A -> A/],
    ['a three-node cycle', workflow(node('A', { parents: ['C'] }), node('B', { parents: ['A'] }), node('C', { parents: ['B'] })),
      'nodes[0].parents', /cycle: A -> B -> C -> A/],
    ['a cycle below a root', workflow(node('R'), node('X', { parents: ['R', 'Y'] }), node('Y', { parents: ['X'] })),
      'nodes[1].parents', /cycle: X -> Y -> X/],
    ['no submit', workflow(node('A', loose({ submit: undefined }))), 'nodes[0].submit', /needs a submit description or attributes/],
    ['a description without queue', workflow(node('A', { submit: { description: 'executable = x' } })), 'nodes[0].submit.description', /exactly one queue/],
    ['a description with two queues', workflow(node('A', { submit: { description: 'queue\nqueue 2' } })), 'nodes[0].submit.description', /exactly one queue/],
    ['queue 0', workflow(node('A', { submit: { attributes: {}, queue: 0 } })), 'nodes[0].submit.queue', /at least 1/],
    ['a script with a space', workflow(node('A', { preScript: 'my script.sh' })), 'nodes[0].preScript', /splits script arguments on white space/],
    ['an argument with a space', workflow(node('A', { postScript: 'p.sh', postScriptArgs: ['a b'] })), 'nodes[0].postScriptArgs', /"a b" holds white space/],
    ['an empty argument', workflow(node('A', { postScript: 'p.sh', postScriptArgs: [''] })), 'nodes[0].postScriptArgs', /cannot be empty/],
    ['arguments without a script', workflow(node('A', { preScriptArgs: 'x' })), 'nodes[0].preScriptArgs', /no preScript/],
    ['a variable named queue_x', workflow(node('A', { variables: { queue_x: '1' } })), 'nodes[0].variables.queue_x', /cannot begin with "queue"/],
    ['a variable named JOB', workflow(node('A', { variables: { job: '1' } })), 'nodes[0].variables.job', /set by DAGMan or the service/],
    ['a variable replacing DAGManJobId', workflow(node('A', { variables: { 'My.DAGManJobId': '1' } })), 'nodes[0].variables.My.DAGManJobId', /set by DAGMan/],
    ['a variable replacing the node name', workflow(node('A', { variables: { dag_node_name: 'B' } })), 'nodes[0].variables.dag_node_name', /set by DAGMan/],
    ['a variable name with a dash', workflow(node('A', { variables: { 'a-b': '1' } })), 'nodes[0].variables.a-b', /variable name must be letters/],
    ['a value with a line break', workflow(node('A', { variables: { v: 'a\nqueue' } })), 'nodes[0].variables.v', /line break/],
    ['an object value', workflow(node('A', { variables: loose({ v: {} }) as Record<string, string> })), 'nodes[0].variables.v', /string, number or boolean/],
    ['a fractional priority', workflow(node('A', { priority: 1.5 })), 'nodes[0].priority', /whole number/],
    ['a negative retry', workflow(node('A', { retry: -1 })), 'nodes[0].retry', /from 0/],
    ['UNLESS-EXIT without retry', workflow(node('A', { retryUnlessExit: 3 })), 'nodes[0].retryUnlessExit', /only applies together with retry/],
    ['PRE_SKIP without a PRE script', workflow(node('A', { preSkip: 3 })), 'nodes[0].preSkip', /together with preScript/],
    ['PRE_SKIP above 255', workflow(node('A', { preScript: 'p', preSkip: 256 })), 'nodes[0].preSkip', /from 0 to 255/],
    ['RETURN without ABORT-DAG-ON', workflow(node('A', { abortDagOnReturn: 1 })), 'nodes[0].abortDagOnReturn', /together with abortDagOn/],
    ['RETURN above 255', workflow(node('A', { abortDagOn: 1, abortDagOnReturn: 256 })), 'nodes[0].abortDagOnReturn', /from 0 to 255/],
    ['a category with a space', workflow(node('A', { category: 'big jobs' })), 'nodes[0].category', /letters, digits/],
    ['a dir going up', workflow(node('A', { dir: '../elsewhere' })), 'nodes[0].dir', /no "\.\."/],
    ['an absolute submit file', workflow(node('A', { submitFile: '/etc/a.sub' })), 'nodes[0].submitFile', /relative path/],
    ['a submit file with a space', workflow(node('A', { submitFile: 'a b.sub' })), 'nodes[0].submitFile', /no white space/],
    ['noop as a string', workflow(node('A', loose({ noop: 'yes' }))), 'nodes[0].noop', /true or false/],
    ['MAXJOBS 0', { ...workflow(node('A')), maxJobs: { c: 0 } }, 'maxJobs.c', /at least 1/],
    ['a MAXJOBS category with a space', { ...workflow(node('A')), maxJobs: { 'a b': 1 } }, 'maxJobs.a b', /category name must be/],
    ['a config path with a quote', { ...workflow(node('A')), config: 'a"b.conf' }, 'config', /relative path/],
  ];
  for (const [what, bad, field, message] of cases) {
    test(`rejects ${what}`, () => {
      assert.throws(
        () => validateWorkflow(bad),
        (err: unknown) => err instanceof DomainError && err.code === 'invalid' && err.field === field && message.test(err.message),
      );
    });
  }
});

describe('scriptArgs', () => {
  const cases: [Parameters<typeof scriptArgs>[0], string[]][] = [
    [undefined, []],
    ['', []],
    ['  $JOB   $RETURN ', ['$JOB', '$RETURN']],
    [['a', 'b'], ['a', 'b']],
  ];
  for (const [args, words] of cases) test(`${JSON.stringify(args)} -> ${JSON.stringify(words)}`, () => assert.deepEqual(scriptArgs(args), words));
});
