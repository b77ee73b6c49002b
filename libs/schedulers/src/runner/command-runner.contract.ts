import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sh } from '../ssh/shell-quote.js';
import type { CommandRunner } from './command-runner.js';

/**
 * The behaviour every {@link CommandRunner} must share, run against the
 * local runner in unit tests and the SSH runner against a real sshd.
 * `dir` is a fresh directory, relative to the runner's base directory.
 */
export function describeRunnerContract(name: string, setup: () => Promise<{ runner: CommandRunner; dir: string }>): void {
  describe(`${name} (CommandRunner contract)`, () => {
    let runner: CommandRunner;
    let dir: string;
    let local: string;
    const at = (p: string) => `${dir}/${p}`;

    before(async () => {
      ({ runner, dir } = await setup());
      await runner.mkdirp(dir);
      local = await mkdtemp(path.join(tmpdir(), 'runner-contract-'));
    });
    after(async () => {
      await runner.remove(dir);
      await rm(local, { recursive: true, force: true });
    });

    test('exec returns stdout, stderr and the exit status', async () => {
      assert.deepEqual(await runner.exec('printf out; printf err >&2; exit 3'), { stdout: 'out', stderr: 'err', code: 3 });
    });

    test('exec feeds input to stdin, and stdin is empty without it', async () => {
      const big = 'x'.repeat(300_000); // longer than any command line may be
      assert.equal((await runner.exec('wc -c', { input: big })).stdout.trim(), '300000');
      assert.equal((await runner.exec('cat')).stdout, '');
    });
    test('exec runs in cwd, and not at all when cwd is missing', async () => {
      await runner.mkdirp(at('sub dir'));
      const here = await runner.exec('pwd', { cwd: at('sub dir') });
      assert.match(here.stdout.trim(), /\/sub dir$/);
      const missing = await runner.exec('echo ran', { cwd: at('no such dir') });
      assert.notEqual(missing.code, 0);
      assert.equal(missing.stdout, '');
    });

    test('exec rejects at the timeout when a command outlives it', async () => {
      const started = Date.now();
      await assert.rejects(runner.exec('sleep 5', { timeoutMs: 300 }), /timed out after 300 ms/);
      assert.ok(Date.now() - started < 4000);
    });

    test('a quoted value with shell metacharacters is never executed', async () => {
      const hostile = `$(touch ${at('pwned')}); \`touch ${at('pwned')}\`; touch ${at('pwned')}`;
      const result = await runner.exec(sh`printf %s ${hostile}`);
      assert.equal(result.stdout, hostile);
      assert.equal(await runner.stat(at('pwned')), null);
    });

    test('writeFile then readFile whole and by byte range', async () => {
      await runner.writeFile(at('data.txt'), 'héllo world');
      assert.equal((await runner.readFile(at('data.txt'))).toString(), 'héllo world');
      assert.equal((await runner.readFile(at('data.txt'), { offset: 7 })).toString(), 'world');
      assert.equal((await runner.readFile(at('data.txt'), { offset: 3, length: 5 })).toString(), 'llo w') // offsets count bytes: é is two;
      assert.equal((await runner.readFile(at('data.txt'), { offset: 100 })).length, 0);
    });

    test('a missing file: stat is null, reads reject with ENOENT, remove succeeds', async () => {
      assert.equal(await runner.stat(at('missing')), null);
      await assert.rejects(runner.readFile(at('missing')), { code: 'ENOENT' });
      await assert.rejects(runner.readdir(at('missing')), { code: 'ENOENT' });
      await runner.remove(at('missing'));
    });

    test('stat, mkdirp and readdir', async () => {
      await runner.mkdirp(at('a/b/c'));
      await runner.mkdirp(at('a/b/c'));
      await runner.writeFile(at('a/run.sh'), '#!/bin/sh\n', { mode: 0o755 });
      const entries = (await runner.readdir(at('a'))).map((e) => [e.name, e.type, e.type === 'file' ? e.mode : 0]).sort();
      assert.deepEqual(entries, [['b', 'directory', 0], ['run.sh', 'file', 0o755]]);
      const info = await runner.stat(at('a/run.sh'));
      assert.equal(info?.type, 'file');
      assert.equal(info?.size, 10);
    });

    test('upload and download a directory tree, keeping modes and skipping symlinks', async () => {
      const source = path.join(local, 'tree');
      await mkdir(path.join(source, 'inputs', 'deep'), { recursive: true });
      await writeFile(path.join(source, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o750 });
      await writeFile(path.join(source, 'inputs', 'a.txt'), 'A');
      await writeFile(path.join(source, 'inputs', 'deep', 'b with space.txt'), 'B');
      await symlink('/etc/passwd', path.join(source, 'inputs', 'link'));
      await runner.upload(source, at('uploaded/tree'));
      assert.equal((await runner.readFile(at('uploaded/tree/inputs/deep/b with space.txt'))).toString(), 'B');
      assert.equal((await runner.stat(at('uploaded/tree/run.sh')))?.mode, 0o750);
      assert.equal(await runner.stat(at('uploaded/tree/inputs/link')), null);

      const back = path.join(local, 'back', 'tree');
      await runner.download(at('uploaded/tree'), back);
      assert.equal(await readFile(path.join(back, 'inputs', 'a.txt'), 'utf8'), 'A');
      assert.equal(await readFile(path.join(back, 'inputs', 'deep', 'b with space.txt'), 'utf8'), 'B');
      assert.equal((await stat(path.join(back, 'run.sh'))).mode & 0o777, 0o750);
    });

    test('upload and download a single file', async () => {
      await writeFile(path.join(local, 'one.txt'), 'one');
      await runner.upload(path.join(local, 'one.txt'), at('single/one.txt'));
      await runner.download(at('single/one.txt'), path.join(local, 'copy', 'one.txt'));
      assert.equal(await readFile(path.join(local, 'copy', 'one.txt'), 'utf8'), 'one');
      await assert.rejects(runner.download(at('single/none.txt'), path.join(local, 'none.txt')), { code: 'ENOENT' });
    });

    test('remove deletes a whole tree', async () => {
      await runner.mkdirp(at('doomed/x/y'));
      await runner.writeFile(at('doomed/x/y/f'), 'f');
      await runner.remove(at('doomed'));
      assert.equal(await runner.stat(at('doomed')), null);
    });
  });
}
