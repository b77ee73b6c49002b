import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLine, quote, raw, sh } from './shell-quote.js';

/** What `sh` actually receives as one argument after parsing `command`. */
function shellWords(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `for a in ${command}; do printf '%s\\0' "$a"; done`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

const HOSTILE = [
  '$(touch /tmp/pwned)',
  '`id`',
  'a; rm -rf ~',
  'a && b || c',
  'line1\nline2',
  "it's",
  "'",
  "''",
  '"double"',
  '\\',
  'trailing\\',
  '*',
  '~',
  '$HOME',
  '${HOME}',
  'a|b>c<d',
  '#comment',
  ' leading and trailing ',
  '\t',
  '',
  'FOO=bar',
  '-n',
  'ünïcødé ✓',
];

describe('quote', () => {
  for (const value of HOSTILE) {
    test(`passes ${JSON.stringify(value)} through sh as one literal word`, () => {
      assert.deepEqual(shellWords(quote(value)), [value]);
    });
  }

  test('leaves plain words readable', () => {
    assert.equal(quote('condor_q'), 'condor_q');
    assert.equal(quote('logs/job.12.log'), 'logs/job.12.log');
    assert.equal(quote(42), '42');
  });

  test('quotes what the shell would interpret', () => {
    assert.equal(quote('a b'), "'a b'");
    assert.equal(quote("it's"), `'it'\\''s'`);
    assert.equal(quote(''), "''");
    assert.equal(quote('FOO=bar'), "'FOO=bar'");
  });

  test('rejects NUL', () => {
    assert.throws(() => quote('a\0b'), /NUL/);
  });
});

describe('commandLine', () => {
  test('quotes every word', () => {
    assert.equal(commandLine(['rm', '-rf', '--', 'a dir']), "rm -rf -- 'a dir'");
  });

  test('round-trips through sh', () => {
    assert.deepEqual(shellWords(commandLine(HOSTILE)), HOSTILE);
  });

  test('rejects an empty command', () => {
    assert.throws(() => commandLine([]), /at least one word/);
  });
});

describe('sh tagged template', () => {
  test('quotes interpolated values and keeps literal parts', () => {
    const dir = 'job dir; rm -rf /';
    assert.equal(sh`cd ${dir} && ls`, "cd 'job dir; rm -rf /' && ls");
  });

  test('spreads arrays into several quoted words', () => {
    assert.equal(sh`condor_rm ${['12', '13.1']}`, 'condor_rm 12 13.1');
    assert.deepEqual(shellWords(sh`${['a b', '$(x)']}`), ['a b', '$(x)']);
  });

  test('inserts raw() syntax unquoted', () => {
    assert.equal(sh`condor_q ${'1'} ${raw('2>&1')}`, 'condor_q 1 2>&1');
  });

  test('a value with metacharacters is never executed', () => {
    const marker = `/tmp/shell-quote-spec-${process.pid}`;
    const out = execFileSync('/bin/sh', ['-c', sh`printf '%s' ${`$(touch ${marker})`}; test -e ${marker} && echo EXECUTED; true`]);
    assert.equal(out.toString(), `$(touch ${marker})`);
  });
});
