import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLine } from '../ssh/shell-quote.js';
import { constraintFor, parseJobAds, parseSubmitOutput, queueQuery } from './queue-output.js';

describe('queueQuery', () => {
  test('asks condor_q for JSON ads with only the needed attributes', () => {
    assert.deepEqual(queueQuery('condor_q', { clusterIds: [12, 13] }), [
      'condor_q',
      '-json',
      '-attributes',
      'ClusterId,ProcId,JobStatus,ExitCode,ExitBySignal,ExitSignal,HoldReason,HoldReasonCode,EnteredCurrentStatus,JobsApiId,JobsApiToken',
      '-constraint',
      'ClusterId == 12 || ClusterId == 13',
    ]);
  });

  test('quotes to one shell word per argument', () => {
    const line = commandLine(queueQuery('condor_history', { jobsApiIds: ['7', '8'] }));
    assert.match(line, / -constraint 'JobsApiId =\?= "7" \|\| JobsApiId =\?= "8"'$/);
  });
});

describe('constraintFor', () => {
  const cases: [string, Parameters<typeof constraintFor>[0], string][] = [
    ['one cluster', { clusterIds: [5] }, 'ClusterId == 5'],
    ['job ids', { jobsApiIds: ['1', '22'] }, 'JobsApiId =?= "1" || JobsApiId =?= "22"'],
    ['tokens', { jobsApiTokens: ['a1b2'] }, 'JobsApiToken =?= "a1b2"'],
    ['every stamped job', { allStamped: true }, 'JobsApiToken =!= undefined'],
  ];
  for (const [what, selection, expected] of cases) test(what, () => assert.equal(constraintFor(selection), expected));

  const rejected: [string, Parameters<typeof constraintFor>[0], RegExp][] = [
    ['an empty selection (would match every job)', { clusterIds: [] }, /at least one job/],
    ['a cluster id that is not a positive integer', { clusterIds: [1.5] }, /not an HTCondor cluster id/],
    ['a stamp that would break out of the string', { jobsApiIds: ['1" || true || "'] }, /jobsApiIds: must be/],
  ];
  for (const [what, selection, message] of rejected) test(`rejects ${what}`, () => assert.throws(() => constraintFor(selection), message));
});

describe('parseJobAds', () => {
  /** condor_q -json layout: `[`, ads separated by `,` lines, `]`. */
  const JSON_OUTPUT = [
    '[',
    '{',
    '  "ClusterId": 12,',
    '  "EnteredCurrentStatus": 1700000000,',
    '  "HoldReason": "Error from slot1@exec: Job has gone over memory limit of 2048 megabytes.\\n\\tPeak usage: 3000 megabytes.",',
    '  "HoldReasonCode": 34,',
    '  "JobsApiId": "42",',
    '  "JobsApiToken": "tok-1",',
    '  "JobStatus": 5,',
    '  "ProcId": 0',
    '}',
    ',',
    '{',
    '  "ClusterId": 12,',
    '  "ExitBySignal": false,',
    '  "ExitCode": 3,',
    '  "JobStatus": 4,',
    '  "ProcId": 1',
    '}',
    ']',
    '',
  ].join('\n');

  test('reads each ad; absent attributes stay undefined; strings keep spaces and escapes', () => {
    assert.deepEqual(parseJobAds(JSON_OUTPUT), [
      {
        clusterId: 12,
        procId: 0,
        jobStatus: 5,
        holdReason: 'Error from slot1@exec: Job has gone over memory limit of 2048 megabytes.\n\tPeak usage: 3000 megabytes.',
        holdReasonCode: 34,
        enteredCurrentStatus: 1700000000,
        jobsApiId: '42',
        jobsApiToken: 'tok-1',
      },
      { clusterId: 12, procId: 1, jobStatus: 4, exitCode: 3, exitBySignal: false },
    ]);
  });

  test('no output (HTCondor prints nothing when no job matches) → no rows', () => {
    assert.deepEqual(parseJobAds(''), []);
    assert.deepEqual(parseJobAds('\n'), []);
    assert.deepEqual(parseJobAds('[]'), []);
  });

  test('an unevaluated expression is ignored rather than mistaken for a value', () => {
    assert.deepEqual(parseJobAds('[{"ClusterId":1,"ProcId":0,"JobStatus":4,"ExitCode":"\\/Expr(undefined)\\/"}]'), [{ clusterId: 1, procId: 0, jobStatus: 4 }]);
  });

  const broken: [string, string, RegExp][] = [
    ['text that is not JSON', '-- Failed to fetch ads from: <127.0.0.1:9618>', /unreadable JSON from HTCondor/],
    ['JSON that is not an array', '{"ClusterId": 1}', /expected a JSON array/],
    ['an ad without its ids', '[{"JobStatus": 1}]', /without ClusterId, ProcId or JobStatus/],
  ];
  for (const [what, output, message] of broken) test(`rejects ${what}`, () => assert.throws(() => parseJobAds(output), message));
});

describe('parseSubmitOutput', () => {
  test('reads "N job(s) submitted to cluster C."', () => {
    assert.deepEqual(parseSubmitOutput('Submitting job(s)...\n3 job(s) submitted to cluster 12.\n'), { clusterId: 12, jobCount: 3 });
    assert.deepEqual(parseSubmitOutput('Submitting job(s).\n1 job(s) submitted to cluster 4087.\n'), { clusterId: 4087, jobCount: 1 });
  });

  test('anything else is an error quoting what condor_submit printed', () => {
    assert.throws(
      () => parseSubmitOutput('Submitting job(s)\n', 'ERROR: Executable file /bin/nope does not exist\n'),
      /did not report a cluster id; it printed: Submitting job\(s\)\nERROR: Executable file \/bin\/nope does not exist/,
    );
    assert.throws(() => parseSubmitOutput(''), /it printed: nothing/);
  });
});
