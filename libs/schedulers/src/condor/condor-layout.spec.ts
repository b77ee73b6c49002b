import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCondorSpec, condorJobName, CondorLayout } from './condor-layout.js';
import { parseCondorSpec } from './condor-spec.js';

const spec = (fields: Record<string, unknown>) => parseCondorSpec({ scheduler: 's', executable: 'run.sh', ...fields });

describe('CONDOR job fields', () => {
  test('defaults: base template, one process, no inputs', () => {
    assert.deepEqual(parseCondorSpec({ scheduler: 's' }), { attributes: {}, template: null, remoteInputFiles: [], numJobs: 1, scheduler: 's' });
  });

  const rejected: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown field', { scheduler: 's', color: 'red' }, /^color: is not a field of CONDOR jobs/],
    ['a missing scheduler', {}, /^scheduler: /],
    ['an unknown template', { scheduler: 's', template: 'vanilla' }, /^template: must be one of base, vanilla_base/],
    ['numJobs 0', { scheduler: 's', numJobs: 0 }, /^numJobs: must be a whole number/],
    ['an object attribute value', { scheduler: 's', attributes: { a: { b: 1 } } }, /^attributes\.a: must be a string/],
    ['arguments of objects', { scheduler: 's', arguments: [{}] }, /^arguments: /],
    ['an absolute input', { scheduler: 's', remoteInputFiles: ['/etc/passwd'] }, /^remoteInputFiles\[0\]: must be a file path relative/],
    ['an input outside the workspace', { scheduler: 's', remoteInputFiles: ['a/../../x'] }, /^remoteInputFiles\[0\]: /],
    ['two inputs with one name', { scheduler: 's', remoteInputFiles: ['a/x', 'b/x'] }, /^remoteInputFiles\[1\]: has the same file name "x"/],
  ];
  for (const [what, fields, message] of rejected) test(`rejects ${what}`, () => assert.throws(() => parseCondorSpec(fields), { message }));

  const unsafe: [string, Record<string, unknown>, RegExp][] = [
    ['no executable', { executable: undefined }, /^executable: is required/],
    ['an absolute initialdir', { attributes: { initialdir: '/tmp' } }, /^attributes\.initialdir: must be a relative path/],
    ['a log outside the job directory', { attributes: { log: '../../x.log' } }, /^attributes\.log: must stay inside/],
    ['an absolute output', { attributes: { output: '/tmp/out' } }, /^attributes\.output: must be a relative path/],
    ['a per-process initialdir', { attributes: { initialdir: 'run$(Process)' } }, /^attributes\.initialdir: uses a macro/],
    ['a second queue statement', { attributes: { queue: '5' } }, /^attributes\.queue: is a submit language statement/],
    ['a value with a line break', { arguments: 'a\nqueue 100' }, /^attributes\.arguments: must not contain a line break/],
    ['the service stamp', { attributes: { '+JobsApiToken': '"x"' } }, /is set by the service/],
  ];
  for (const [what, fields, message] of unsafe) test(`rejects ${what} before submitting`, () => assert.throws(() => checkCondorSpec(spec(fields)), { message }));
});

describe('CondorLayout', () => {
  test('the condorpy layout under jobs-api/<token>, inputs beside the executable', () => {
    const layout = new CondorLayout('My job', spec({ numJobs: 2, template: 'vanilla_base' }), 'tok1');
    assert.equal(layout.remoteDir, 'jobs-api/tok1');
    assert.equal(layout.initialDir, 'My_job');
    assert.equal(layout.submitFile, 'My_job/My_job.job');
    assert.deepEqual(layout.directories(), ['My_job', 'My_job/logs']);
    assert.equal(layout.eventLog(7), 'My_job/logs/My_job.7.log');
    assert.deepEqual(layout.logFiles(7).map((f) => [f.kind, f.path]), [
      ['log', 'My_job/logs/My_job.7.log'],
      ['output', 'My_job/logs/My_job.7.0.out'],
      ['error', 'My_job/logs/My_job.7.0.err'],
      ['output', 'My_job/logs/My_job.7.1.out'],
      ['error', 'My_job/logs/My_job.7.1.err'],
    ]);
    const description = layout.submitDescription('42', 'tok1');
    assert.match(description, /^job_name = My_job$/m);
    assert.match(description, /^universe = vanilla$/m);
    assert.match(description, /^\+JobsApiToken = "tok1"$/m);
    assert.match(description, /\n\nqueue 2\n$/);
  });

  test('per-process output directories are all created; no log means no event log', () => {
    const layout = new CondorLayout('j', spec({ numJobs: 3, attributes: { output: 'out/$(Process)/o.txt', log: null } }), 't');
    assert.deepEqual(layout.directories(), ['j', 'j/out/0', 'j/logs', 'j/out/1', 'j/out/2']);
    assert.equal(layout.eventLog(1), undefined);
  });

  test('job_name keeps letters, digits, ".", "_" and "-" only, so a name is never a path or a macro', () => {
    assert.equal(condorJobName('run 1'), 'run_1');
    assert.equal(condorJobName('$(touch x); `id` ../..'), '__touch_x____id__.._..');
    assert.equal(condorJobName('..'), 'job');
  });
});
