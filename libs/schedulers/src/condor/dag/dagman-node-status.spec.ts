import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CondorOutputError } from '../queue-output.js';
import { nodeJobsQuery, nodeStatuses, parseNodeJobs, type NodeJobRow } from './dagman-node-status.js';

const row = (node: string, clusterId: number, jobStatus: number, extra: Partial<NodeJobRow> = {}): NodeJobRow =>
  ({ dagNodeName: node, dagManJobId: 7, clusterId, procId: 0, jobStatus, ...extra });

describe('node job queries', () => {
  test('one query for the node jobs of many DAGs', () => {
    assert.deepEqual(nodeJobsQuery('condor_history', [7, 12]), [
      'condor_history', '-json', '-attributes',
      'ClusterId,ProcId,JobStatus,ExitCode,ExitBySignal,ExitSignal,HoldReason,HoldReasonCode,EnteredCurrentStatus,DAGNodeName,DAGManJobId',
      '-constraint', 'DAGManJobId == 7 || DAGManJobId == 12',
    ]);
  });

  test('cluster ids are checked, not escaped', () => {
    assert.throws(() => nodeJobsQuery('condor_q', [0]), /not an HTCondor cluster id/);
    assert.throws(() => nodeJobsQuery('condor_q', []), /at least one DAGMan job/);
  });
});

describe('parseNodeJobs', () => {
  test('rows keep what a node status needs; the DAGMan job itself and absent attributes are left out', () => {
    const stdout = JSON.stringify([
      { ClusterId: 8, ProcId: 0, JobStatus: 4, ExitCode: 3, ExitBySignal: false, DAGNodeName: 'A', DAGManJobId: 7, EnteredCurrentStatus: 100 },
      { ClusterId: 9, ProcId: 1, JobStatus: 5, HoldReason: 'via condor_hold', HoldReasonCode: 1, DAGNodeName: 'B', DAGManJobId: 7 },
      { ClusterId: 7, ProcId: 0, JobStatus: 2 },
    ]);
    assert.deepEqual(parseNodeJobs(stdout), [
      { clusterId: 8, procId: 0, jobStatus: 4, dagNodeName: 'A', dagManJobId: 7, exitCode: 3, exitBySignal: false, enteredCurrentStatus: 100 },
      { clusterId: 9, procId: 1, jobStatus: 5, dagNodeName: 'B', dagManJobId: 7, holdReason: 'via condor_hold', holdReasonCode: 1 },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    ['nothing (no job matched)', '', /^$/],
    ['not JSON', 'condor_q: error', /unreadable JSON/],
    ['not an array', '{}', /expected a JSON array/],
    ['a node ad without DAGManJobId', '[{"ClusterId":1,"ProcId":0,"JobStatus":1,"DAGNodeName":"A"}]', /without ClusterId, ProcId, JobStatus or DAGManJobId/],
  ];
  for (const [what, stdout, error] of bad) {
    test(`output that is ${what}`, () => {
      if (stdout === '') assert.deepEqual(parseNodeJobs(stdout), []);
      else assert.throws(() => parseNodeJobs(stdout), (err: Error) => err instanceof CondorOutputError && error.test(err.message));
    });
  }
});

describe('nodeStatuses', () => {
  const cases: [string, NodeJobRow[], Record<string, [string, number, number, number | undefined]>][] = [
    // node -> [code, clusterId, attempts, exitCode]
    ['idle, running and completed nodes', [row('A', 8, 4, { exitCode: 0 }), row('B', 9, 2), row('C', 10, 1)],
      { A: ['COM', 8, 1, 0], B: ['RUN', 9, 1, undefined], C: ['SUB', 10, 1, undefined] }],
    ['a retried node: the latest cluster counts, earlier failures are attempts', [row('B', 9, 4, { exitCode: 1 }), row('B', 11, 4, { exitCode: 1 }), row('B', 12, 2)],
      { B: ['RUN', 12, 3, undefined] }],
    ['a failed job keeps its exit code (its POST script may still make the node succeed)', [row('A', 8, 4, { exitCode: 3 })],
      { A: ['COM', 8, 1, 3] }],
    ['held by the user is paused, held by the system an error', [row('A', 8, 5, { holdReasonCode: 1 }), row('B', 9, 5, { holdReasonCode: 13, holdReason: 'no input' })],
      { A: ['PAS', 8, 1, undefined], B: ['ERR', 9, 1, undefined] }],
    ['removed with the DAG', [row('A', 8, 3)], { A: ['ABT', 8, 1, undefined] }],
    ['several processes: mixed states are Various, the first non-zero exit code is reported',
      [row('A', 8, 4, { procId: 0, exitCode: 0 }), row('A', 8, 4, { procId: 1, exitCode: 2 }), row('A', 8, 2, { procId: 2 })],
      { A: ['VAR', 8, 1, 2] }],
    ['the queue row of a process is superseded by its later history row', [row('A', 8, 2), row('A', 8, 4, { exitCode: 0 })],
      { A: ['COM', 8, 1, 0] }],
    ['a rescue run supersedes the run before', [row('B', 9, 4, { exitCode: 1, dagManJobId: 7 }), row('B', 21, 4, { exitCode: 0, dagManJobId: 20 })],
      { B: ['COM', 21, 2, 0] }],
  ];
  for (const [what, rows, expected] of cases) {
    test(what, () => {
      const statuses = nodeStatuses(rows);
      assert.deepEqual(
        Object.fromEntries([...statuses].map(([node, s]) => [node, [s.status.code, s.clusterId, s.attempts, s.exitCode]])),
        expected,
      );
    });
  }

  test('messages come from the single-job rules', () => {
    const status = nodeStatuses([row('B', 9, 5, { holdReasonCode: 13, holdReason: 'no input' })]).get('B');
    assert.deepEqual(status?.status, { code: 'ERR', message: 'held: no input (HoldReasonCode 13)' });
    assert.equal(nodeStatuses([row('B', 21, 4, { dagManJobId: 20 })]).get('B')?.dagManJobId, 20);
  });
});
