import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDagmanOut } from './dagman-out.js';

const stamp = (lines: string[]) => lines.map((line) => `11/27/24 10:15:0${lines.indexOf(line) % 10} ${line}`).join('\n') + '\n';
const banner = (id: string) => [
  '******************************************************',
  `** condor_scheduniv_exec.${id} (CONDOR_DAGMAN) STARTING UP`,
  '** /usr/bin/condor_dagman',
  '******************************************************',
];

const FAILED_RUN = [
  ...banner('7.0'),
  'Parsing diamond.dag ...',
  'Node B job proc (9.0.0) failed with status 1.',
  'Retrying node B (retry #1 of 1)...',
  'Node B job proc (11.0.0) failed with status 3.',
  'Node C job proc (10.0.0) failed with signal 9.',
  'ERROR: the following job(s) failed:',
  '---------------------- Node ----------------------',
  '      Node Name: B',
  '           Noop: false',
  '         NodeID: 1',
  '    Node Status: STATUS_ERROR    ',
  'Node return val: 3',
  '          Error: Job proc (11.0.0) failed with status 3 (after 1 node retries)',
  'Job Submit File: B/B.job',
  '          Retry: 1',
  ' HTCondor Job ID: (11.0.0)',
  'PARENTS: A WAITING: 0 CHILDREN: D',
  '---------------------- Node ----------------------',
  '      Node Name: C',
  '           Noop: false',
  '         NodeID: 2',
  '    Node Status: STATUS_ERROR    ',
  'Node return val: -9',
  '          Error: Job proc (10.0.0) failed with signal 9',
  'Job Submit File: C/C.job',
  '    POST Script: check.sh $RETURN',
  ' HTCondor Job ID: (10.0.0)',
  'PARENTS: A WAITING: 0 CHILDREN: D',
  '---------------------------------------------------',
  'Aborting DAG...',
  'Writing Rescue DAG to diamond.dag.rescue002...',
  'Removing submitted jobs...',
  'DAG status: 2 (DAG_STATUS_NODE_FAILED)',
  'Of 4 nodes total:',
  '**** condor_scheduniv_exec.7.0 (condor_DAGMAN) pid 4242 EXITING WITH STATUS 1',
];

describe('parseDagmanOut', () => {
  test('a failed run: the failed nodes with their errors, the rescue DAG, the exit status', () => {
    const summary = parseDagmanOut(stamp(FAILED_RUN));
    assert.deepEqual(summary.failedNodes, [
      { name: 'B', returnValue: 3, error: 'Job proc (11.0.0) failed with status 3 (after 1 node retries)', jobId: '11.0.0' },
      { name: 'C', returnValue: -9, error: 'Job proc (10.0.0) failed with signal 9', jobId: '10.0.0' },
    ]);
    assert.deepEqual(Object.fromEntries(summary.jobFailures), { B: { jobId: '11.0.0', status: 3 }, C: { jobId: '10.0.0', signal: 9 } });
    assert.equal(summary.rescueFile, 'diamond.dag.rescue002');
    assert.deepEqual(summary.dagStatus, { code: 2, name: 'DAG_STATUS_NODE_FAILED' });
    assert.deepEqual([summary.dagmanJobId, summary.exitStatus, summary.completed], ['7.0', 1, false]);
  });

  test('only the last run counts: a rescue run that succeeded has no failures', () => {
    const rescueRun = [...banner('12.0'), 'Found rescue DAG number 2; running diamond.dag.rescue002 in combination with normal DAG file',
      'USING RESCUE DAG diamond.dag.rescue002', 'All jobs Completed!', 'DAG status: 0 (DAG_STATUS_OK)',
      '**** condor_scheduniv_exec.12.0 (condor_DAGMAN) pid 4343 EXITING WITH STATUS 0'];
    const summary = parseDagmanOut(stamp(FAILED_RUN) + stamp(rescueRun));
    assert.deepEqual(summary.failedNodes, []);
    assert.equal(summary.jobFailures.size, 0);
    assert.deepEqual([summary.dagmanJobId, summary.usedRescueFile, summary.rescueFile, summary.exitStatus, summary.completed],
      ['12.0', 'diamond.dag.rescue002', undefined, 0, true]);
  });

  const lines: [string, string[], (s: ReturnType<typeof parseDagmanOut>) => unknown, unknown][] = [
    ['a DAG still running has no exit status', [...banner('3.0'), 'Event: ULOG_EXECUTE for HTCondor Node A (4.0.0) {11/27/24 10:15:01}'],
      (s) => [s.exitStatus, s.completed], [undefined, false]],
    ['ABORT-DAG-ON names what aborted it', ['Aborting DAG because we got the ABORT exit value from a POST script'], (s) => s.abortedBy, 'POST script'],
    ['condor_rm of the DAG', ['Received SIGUSR1', 'DAG status: 4 (DAG_STATUS_RM)', '**** condor_scheduniv_exec.3.0 (condor_DAGMAN) pid 1 EXITING WITH STATUS 2'],
      (s) => [s.dagStatus?.name, s.exitStatus], ['DAG_STATUS_RM', 2]],
    ['held (graceful shutdown, to be continued)', ['Got SIGTERM. Performing graceful shutdown.', '**** condor_scheduniv_exec.3.0 (condor_DAGMAN) pid 1 EXITING WITH STATUS 3'],
      (s) => s.exitStatus, 3],
    ['older "Job" separators and "Node(s) failed"', ['ERROR: the following Node(s) failed:', '---------------------- Job ----------------------',
      '      Node Name: X', 'Node return val: 1', '---------------------------------------------------'],
      (s) => s.failedNodes, [{ name: 'X', returnValue: 1 }]],
    ['lines without a timestamp', ['All jobs Completed!'], (s) => s.completed, true],
  ];
  for (const [what, text, pick, expected] of lines) {
    test(what, () => {
      const withStamps = what === 'lines without a timestamp' ? `${text.join('\n')}\n` : stamp(text);
      assert.deepEqual(pick(parseDagmanOut(withStamps)), expected);
    });
  }
});
