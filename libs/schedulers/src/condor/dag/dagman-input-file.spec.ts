import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../../domain/src/index.js';
import { dagFileName, nodeSubmitDescription, nodeSubmitFile, workflowFiles, writeDagFile } from './dagman-input-file.js';
import type { Workflow, WorkflowNode } from './dagman-workflow.types.js';

const submit = { attributes: { executable: 'run.sh' } };
const node = (name: string, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({ name, submit, ...extra });
const stamps = { jobsApiId: '42', jobsApiToken: 'tok-1' };

describe('writeDagFile', () => {
  test('a one-node workflow is one JOB line in condorpy\'s layout', () => {
    assert.equal(writeDagFile({ name: 'w', nodes: [node('A')] }), 'JOB A A/A.job\n');
  });

  test('every feature, in condorpy\'s section order, with UNLESS-EXIT and ABORT-DAG-ON', () => {
    const workflow: Workflow = {
      name: 'Diamond run',
      config: 'dagman.conf',
      maxJobs: { heavy: 2, light: 5 },
      nodes: [
        node('A', { preScript: 'stage-in.sh', preScriptArgs: ['$JOB', 'in.tgz'], variables: { state: 'Wisconsin', n: 3 }, priority: 5 }),
        node('B', { parents: ['A'], category: 'heavy', retry: 3, retryUnlessExit: 42, postScript: 'check.sh', postScriptArgs: '$JOB  $RETURN' }),
        node('C', { parents: ['A'], category: 'heavy', preScript: 'maybe.sh', preSkip: 7, dir: 'runs/c', noop: true }),
        node('D', { parents: ['B', 'C'], abortDagOn: 9, abortDagOnReturn: 1, done: true, submitFile: 'd.sub', priority: -2 }),
        node('E', { parents: ['A'], abortDagOn: 3 }),
      ],
    };
    assert.equal(writeDagFile(workflow), [
      'CONFIG dagman.conf',
      '',
      'JOB A A/A.job',
      'JOB B B/B.job',
      'JOB C C/C.job DIR runs/c NOOP',
      'JOB D d.sub DONE',
      'JOB E E/E.job',
      '',
      'VARS A state="Wisconsin" n="3"',
      '',
      'PARENT A CHILD B C E',
      'PARENT B CHILD D',
      'PARENT C CHILD D',
      '',
      'SCRIPT PRE A stage-in.sh $JOB in.tgz',
      'SCRIPT POST B check.sh $JOB $RETURN',
      'SCRIPT PRE C maybe.sh',
      '',
      'PRE_SKIP C 7',
      '',
      'CATEGORY B heavy',
      'CATEGORY C heavy',
      '',
      'PRIORITY A 5',
      'PRIORITY D -2',
      '',
      'RETRY B 3 UNLESS-EXIT 42',
      '',
      'ABORT-DAG-ON D 9 RETURN 1',
      'ABORT-DAG-ON E 3',
      '',
      'MAXJOBS heavy 2',
      'MAXJOBS light 5',
      '',
    ].join('\n'));
  });

  const values: [string, string | number | boolean, string][] = [
    ['plain text', 'hello', 'VARS A v="hello"'],
    ['double quotes', 'say "hi"', 'VARS A v="say \\"hi\\""'],
    ['backslashes', 'C:\\dir\\', 'VARS A v="C:\\\\dir\\\\"'],
    ['spaces, single quotes and shell characters', "it's $HOME; rm -rf * | `x` && y", 'VARS A v="it\'s $HOME; rm -rf * | `x` && y"'],
    ['a number', 2.5, 'VARS A v="2.5"'],
    ['a boolean', false, 'VARS A v="false"'],
    ['an empty string', '', 'VARS A v=""'],
  ];
  for (const [what, value, line] of values) {
    test(`VARS values: ${what}`, () => {
      assert.equal(writeDagFile({ name: 'w', nodes: [node('A', { variables: { v: value } })] }).split('\n')[2], line);
    });
  }

  test('it validates first: an invalid workflow writes nothing', () => {
    assert.throws(() => writeDagFile({ name: 'w', nodes: [node('A', { parents: ['A'] })] }), DomainError);
  });
});

describe('file names', () => {
  const names: [string, string][] = [
    ['My Workflow', 'My_Workflow.dag'],
    ['job-{id}', 'job-_id_.dag'],
    ['../../etc/passwd', '_.._.._etc_passwd.dag'],
    ['-rf', '_-rf.dag'],
    ['  spaced  ', 'spaced.dag'],
  ];
  for (const [name, file] of names) test(`dagFileName(${JSON.stringify(name)}) is ${file}`, () => assert.equal(dagFileName(name), file));

  test('a blank name has no DAG file name', () => assert.throws(() => dagFileName('  '), /name: a workflow needs a name/));

  test('nodeSubmitFile: condorpy\'s <name>/<name>.job unless given', () => {
    assert.equal(nodeSubmitFile(node('A')), 'A/A.job');
    assert.equal(nodeSubmitFile(node('A', { submitFile: 'jobs/a.sub' })), 'jobs/a.sub');
  });
});

describe('submit files', () => {
  test('a description is written as given; attributes the way condorpy writes them, with the service stamps', () => {
    assert.equal(nodeSubmitDescription(node('A', { submit: { description: 'executable = x\nqueue' } }), 0, stamps), 'executable = x\nqueue\n');
    assert.equal(
      nodeSubmitDescription(node('A', { submit: { attributes: { executable: 'run.sh', arguments: ['a b'] }, queue: 2 } }), 0, stamps),
      'executable = run.sh\narguments = "\'a b\'"\n+JobsApiId = "42"\n+JobsApiToken = "tok-1"\n\nqueue 2\n',
    );
  });

  test('an attribute error names the node', () => {
    assert.throws(
      () => nodeSubmitDescription(node('A', { submit: { attributes: { 'bad key': 1 } } }), 3, stamps),
      (err: DomainError) => err.field === 'nodes[3].submit.attributes.bad key' && /is not a valid HTCondor submit command name/.test(err.message),
    );
  });

  test('workflowFiles: the DAG file and each node\'s submit file (under its DIR)', () => {
    const files = workflowFiles({ name: 'w', nodes: [node('A'), node('B', { dir: 'b', submitFile: 'b.sub', parents: ['A'] })] }, stamps);
    assert.deepEqual([...files.keys()], ['w.dag', 'A/A.job', 'b/b.sub']);
    assert.equal(files.get('w.dag'), 'JOB A A/A.job\nJOB B b.sub DIR b\n\nPARENT A CHILD B\n');
  });

  test('two nodes cannot share a submit file', () => {
    const nodes = [node('A', { submitFile: 'x.sub' }), node('B', { submitFile: 'x.sub' })];
    assert.throws(() => workflowFiles({ name: 'w', nodes }, stamps), /nodes\[1\]\.submitFile: "x\.sub" is already the file of another node/);
  });
});
