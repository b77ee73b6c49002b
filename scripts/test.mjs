#!/usr/bin/env node
// Runs every test once: build, start the shared services (OpenSSH, Dask, Slurm
// fixtures) once for the whole run, run unit and e2e tests with node's test
// runner on the compiled output, stop what was started.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build, ensureServices, installPackages, root } from './lib/prepare.mjs';

installPackages();
ensureServices();
build();

function find(dir, suffixes, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) find(full, suffixes, out);
    else if (suffixes.some((s) => name.endsWith(s))) out.push(full);
  }
  return out;
}

const filter = process.argv.slice(2);
const dist = path.join(root, 'dist');
const files = [
  ...find(path.join(dist, 'libs'), ['.spec.js']),
  ...find(path.join(dist, 'apps'), ['.spec.js']),
  ...find(path.join(dist, 'test'), ['.e2e-spec.js']),
].filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)));

const { setup } = await import(path.join(dist, 'test', 'global-setup.js'));
const services = await setup(files);
let code = 1;
try {
  code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
      { cwd: root, stdio: 'inherit', env: { ...process.env, ...services.env } },
    );
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
} finally {
  await services.teardown();
}
process.exit(code);
