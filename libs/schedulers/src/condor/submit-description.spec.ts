import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONDORPY_TEMPLATES, condorpyTemplate } from './condorpy-templates.js';
import { jobAttributes, newSyntaxArguments, resolveAttribute, submitValue, writeSubmitDescription } from './submit-description.js';

const stamps = { jobsApiId: '42', jobsApiToken: 'tok-1' };

describe('condorpy templates', () => {
  test('vanilla_transfer_files has exactly condorpy\'s keys, order and values', () => {
    assert.deepEqual(Object.entries(CONDORPY_TEMPLATES.vanilla_transfer_files), [
      ['job_name', ''],
      ['universe', 'vanilla'],
      ['executable', ''],
      ['arguments', ''],
      ['initialdir', '$(job_name)'],
      ['logdir', 'logs'],
      ['log', '$(logdir)/$(job_name).$(cluster).log'],
      ['output', '$(logdir)/$(job_name).$(cluster).$(process).out'],
      ['error', '$(logdir)/$(job_name).$(cluster).$(process).err'],
      ['transfer_executable', 'TRUE'],
      ['should_transfer_files', 'YES'],
      ['when_to_transfer_output', 'ON_EXIT_OR_EVICT'],
      ['transfer_input_files', ''],
      ['transfer_output_files', ''],
    ]);
  });

  test('base has no universe; vanilla_base and vanilla_nfs set vanilla', () => {
    assert.equal(CONDORPY_TEMPLATES.base.universe, '');
    assert.equal(CONDORPY_TEMPLATES.vanilla_base.universe, 'vanilla');
    assert.deepEqual(CONDORPY_TEMPLATES.vanilla_nfs, CONDORPY_TEMPLATES.vanilla_base);
  });

  test('unknown or missing names give base; copies are independent', () => {
    assert.deepEqual(condorpyTemplate('nope'), CONDORPY_TEMPLATES.base);
    assert.deepEqual(condorpyTemplate(undefined), CONDORPY_TEMPLATES.base);
    assert.deepEqual(condorpyTemplate('toString'), CONDORPY_TEMPLATES.base);
    condorpyTemplate('base').executable = 'changed';
    assert.equal(CONDORPY_TEMPLATES.base.executable, '');
  });
});

describe('writeSubmitDescription', () => {
  test('a job with only a name is condorpy\'s "job_name = <name>\\n\\nqueue 1\\n" plus the service stamps', () => {
    assert.equal(
      writeSubmitDescription({ attributes: { job_name: 'my_job' }, queue: 1, ...stamps }),
      'job_name = my_job\n+JobsApiId = "42"\n+JobsApiToken = "tok-1"\n\nqueue 1\n',
    );
  });

  test('a vanilla_transfer_files job as Tethys builds it', () => {
    const attributes = jobAttributes('Add Numbers', 'vanilla_transfer_files', {
      executable: 'add.py',
      arguments: ['1', '2'],
      transfer_input_files: ['../input.txt', 'data dir'],
      request_memory: 1024,
    });
    assert.equal(
      writeSubmitDescription({ attributes, queue: 3, ...stamps }),
      [
        'job_name = Add_Numbers',
        'universe = vanilla',
        'executable = add.py',
        'arguments = "1 2"',
        'initialdir = $(job_name)',
        'logdir = logs',
        'log = $(logdir)/$(job_name).$(cluster).log',
        'output = $(logdir)/$(job_name).$(cluster).$(process).out',
        'error = $(logdir)/$(job_name).$(cluster).$(process).err',
        'transfer_executable = TRUE',
        'should_transfer_files = YES',
        'when_to_transfer_output = ON_EXIT_OR_EVICT',
        'transfer_input_files = ../input.txt, data dir',
        'request_memory = 1024',
        '+JobsApiId = "42"',
        '+JobsApiToken = "tok-1"',
        '',
        'queue 3',
        '',
      ].join('\n'),
    );
  });

  test('custom ClassAd attributes with + and MY. are written as given', () => {
    const text = writeSubmitDescription({ attributes: { '+ProjectName': '"hydro"', 'MY.Priority': 5 }, queue: 1, ...stamps });
    assert.match(text, /^\+ProjectName = "hydro"\nMY\.Priority = 5\n/);
  });

  const rejected: [string, Record<string, unknown>, RegExp][] = [
    ['a newline in a value', { arguments: 'a\nqueue 100' }, /attributes\.arguments: must not contain a line break/],
    ['a carriage return in a value', { executable: 'a\rb' }, /attributes\.executable: must not contain a line break/],
    ['a newline inside a list item', { transfer_input_files: ['a', 'b\nc'] }, /attributes\.transfer_input_files/],
    ['a trailing backslash (line continuation)', { executable: 'run\\' }, /attributes\.executable: must not end with a backslash/],
    ['a key with a space', { 'bad key': 'x' }, /attributes\.bad key: is not a valid HTCondor submit command name/],
    ['a key with =', { 'a=b': 'x' }, /is not a valid HTCondor submit command name/],
    ['a key starting with a digit', { '1st': 'x' }, /is not a valid/],
    ['queue as a key', { Queue: '5' }, /attributes\.Queue: is a submit language statement/],
    ['include as a key', { include: 'x' }, /is a submit language statement/],
    ['the service attributes', { '+JobsApiToken': '"other"' }, /attributes\.\+JobsApiToken: is set by the service/],
    ['a non-finite number', { request_cpus: Number.NaN }, /attributes\.request_cpus: must be a finite number/],
  ];
  for (const [what, attributes, message] of rejected) {
    test(`rejects ${what}`, () => {
      assert.throws(() => writeSubmitDescription({ attributes: attributes as never, queue: 1, ...stamps }), message);
    });
  }

  test('rejects a bad queue count and unsafe stamps', () => {
    assert.throws(() => writeSubmitDescription({ attributes: {}, queue: 0, ...stamps }), /queue: must be a whole number/);
    assert.throws(() => writeSubmitDescription({ attributes: {}, queue: 1.5, ...stamps }), /queue/);
    assert.throws(() => writeSubmitDescription({ attributes: {}, queue: 1, jobsApiId: '1"\n', jobsApiToken: 't' }), /jobsApiId/);
  });
});

describe('submitValue (condorpy Job.set coercion)', () => {
  const cases: [string, unknown, string][] = [
    ['booleans', true, 'true'],
    ['booleans', false, 'false'],
    ['lists', ['file.txt', 1], 'file.txt, 1'],
    ['strings as given', 'TRUE', 'TRUE'],
    ['numbers', 2.5, '2.5'],
    ['zero is falsy in condorpy and not written', 0, ''],
    ['null', null, ''],
    ['empty list', [], ''],
    ['a macro reference', '$(job_name).sh', '$(job_name).sh'],
  ];
  for (const [what, value, expected] of cases) {
    test(`${what}: ${JSON.stringify(value)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(submitValue('some_key', value as never), expected);
    });
  }

  test('keys ending in "arguments" use the new argument syntax', () => {
    assert.equal(submitValue('arguments', ['-v', 'a b']), `"-v 'a b'"`);
    assert.equal(submitValue('post_arguments', ['x']), '"x"');
  });
});

describe('newSyntaxArguments (examples from the condor_submit manual)', () => {
  const cases: [string[], string][] = [
    [['3', 'simple', 'arguments'], '"3 simple arguments"'],
    [['one', 'two with spaces', '3'], `"one 'two with spaces' 3"`],
    [['one', '"two"', "spacey 'quoted' argument"], `"one ""two"" 'spacey ''quoted'' argument'"`],
    [["it's"], `"'it''s'"`],
    [['', 'x'], `"'' x"`],
    [['tab\there'], `"'tab\there'"`],
    [['$(cluster)'], '"$(cluster)"'],
  ];
  for (const [args, expected] of cases) {
    test(`${JSON.stringify(args)} → ${expected}`, () => assert.equal(newSyntaxArguments(args), expected));
  }
});

describe('resolveAttribute (condorpy Job.get)', () => {
  const attributes = jobAttributes('job', 'vanilla_base', { executable: 'run.sh' });

  test('initialdir resolves to the job name, as in condorpy\'s test_resolve_attribute', () => {
    assert.equal(resolveAttribute(attributes, 'initialdir'), 'job');
  });

  test('the log path resolves once the cluster is known', () => {
    assert.equal(resolveAttribute(attributes, 'log', { cluster: 12 }), 'logs/job.12.log');
    assert.equal(resolveAttribute(attributes, 'output', { cluster: 12, process: 3 }), 'logs/job.12.3.out');
  });

  test('unknown macros stay as written; a missing attribute is undefined', () => {
    assert.equal(resolveAttribute(attributes, 'log'), 'logs/job.$(cluster).log');
    assert.equal(resolveAttribute(attributes, 'nope'), undefined);
  });

  test('a reference loop is reported', () => {
    assert.throws(() => resolveAttribute({ a: '$(b)', b: '$(a)' }, 'a'), /in a loop/);
  });
});
