import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { describeRunnerContract } from './command-runner.contract.js';
import { LocalRunner } from './local-runner.js';

const bases: string[] = [];
after(() => Promise.all(bases.map((b) => rm(b, { recursive: true, force: true }))));

describeRunnerContract('LocalRunner', async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'local-runner-'));
  bases.push(base);
  return { runner: new LocalRunner(base), dir: 'work' };
});
