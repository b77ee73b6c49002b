import { appendFile, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalRunner } from './local-runner.js';
import { readIncrements, statFiles } from './remote-files.js';

describe('batched remote file reads', () => {
  let base: string;
  let runner: LocalRunner;
  before(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'remote-files-'));
    runner = new LocalRunner(base);
    await mkdir(path.join(base, "d i r's"));
  });
  after(() => rm(base, { recursive: true, force: true }));

  const text = (data: Map<string, Buffer>) => Object.fromEntries([...data].map(([k, v]) => [k, v.toString()]));

  test('reads what follows each offset, then only files modified since the last read or marked always', async () => {
    const a = "d i r's/a $(x).log";
    const b = 'b.log';
    await writeFile(path.join(base, a), 'héllo\n');
    await writeFile(path.join(base, b), 'one\n');
    const first = await readIncrements(runner, [{ path: a, offset: 0, always: true }, { path: b, offset: 2, always: false }], null);
    assert.deepEqual(text(first.data), { [a]: 'héllo\n', [b]: 'e\n' });
    assert.ok(first.now && Math.abs(first.now * 1000 - Date.now()) < 5000);

    const again = await readIncrements(runner, [{ path: a, offset: 7, always: false }, { path: 'missing.log', offset: 0, always: true }], first.now! + 10);
    assert.deepEqual(text(again.data), {}, 'an unmodified file and a missing one are skipped');

    await appendFile(path.join(base, a), 'more\n');
    const later = await readIncrements(runner, [{ path: a, offset: 7, always: false }], first.now);
    assert.deepEqual(text(later.data), { [a]: 'more\n' }, 'offsets count bytes (é is two)');
  });

  test('lists thousands of files through stdin; a file no longer than its offset is not read', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `padding-to-make-the-list-long/${'x'.repeat(40)}-${i}.log`);
    await writeFile(path.join(base, 'same.log'), 'abc');
    const files = [...many, 'same.log'].map((p) => ({ path: p, offset: 3, always: true }));
    assert.equal((await readIncrements(runner, files, null)).data.size, 0);
  });

  test('reads at most 200 files per call and reports the rest as deferred', async () => {
    await mkdir(path.join(base, 'burst'));
    const names = Array.from({ length: 250 }, (_, i) => `burst/${i}.log`);
    await Promise.all(names.map((n) => writeFile(path.join(base, n), 'x')));
    const read = await readIncrements(runner, names.map((p) => ({ path: p, offset: 0, always: true })), null);
    assert.equal(read.data.size, 200);
    assert.equal(read.deferred.length, 50);
    assert.deepEqual(new Set([...read.data.keys(), ...read.deferred]), new Set(names));
  });

  test('statFiles reports size and time of existing files only', async () => {
    await writeFile(path.join(base, 'sized file'), '12345');
    const found = await statFiles(runner, ['sized file', 'nope']);
    assert.deepEqual([...found.keys()], ['sized file']);
    assert.equal(found.get('sized file')!.size, 5);
  });

  test('refuses paths that are not plain relative ones', async () => {
    await assert.rejects(readIncrements(runner, [{ path: '-rf', offset: 0, always: true }], null), /not a plain relative path/);
    await assert.rejects(statFiles(runner, ['a\nb']), /not a plain relative path/);
  });
});
