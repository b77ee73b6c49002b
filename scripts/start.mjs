#!/usr/bin/env node
// `npm start`: installs what is missing, starts PostgreSQL/Redis if needed,
// builds, creates the database and runs migrations, then runs the API and one
// worker per job type in the foreground until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, ensureDebianPackages, ensureServices, installPackages, root } from './lib/prepare.mjs';

/** One worker process per deployment unit of docker-compose.yml. */
const WORKER_TYPES = ['basic', 'condor,condorworkflow', 'dask'];

function loadEnvFile(file) {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, [
      `SECRETS_KEY=${randomBytes(32).toString('base64')}`,
      `CALLBACK_SECRET=${randomBytes(32).toString('base64')}`,
      '',
    ].join('\n'), { mode: 0o600 });
  }
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => {
    const i = l.indexOf('=');
    return [l.slice(0, i), l.slice(i + 1)];
  }));
}

installPackages();
ensureServices();
// The Dask worker's bridge runs Debian's Dask client; Condor workers need nothing local.
ensureDebianPackages(['python3-distributed', 'python3-dask']);
build();
const env = { ...loadEnvFile(path.join(root, 'var', 'secrets.env')), ...process.env };
const cli = (...args) => spawnSync(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), ...args], { cwd: root, env, stdio: 'inherit' });
if (cli('migrate').status !== 0) process.exit(1);

const keyFile = path.join(root, 'var', 'admin-key');
if (!existsSync(keyFile)) {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), 'keys', 'create', '--name', 'local admin', '--admin', '--json'], { cwd: root, env });
  writeFileSync(keyFile, JSON.parse(r.stdout.toString()).key + '\n', { mode: 0o600 });
}

const children = [];
const start = (name, script, extra = {}) => {
  const child = spawn(process.execPath, [path.join(root, 'dist', script)], { cwd: root, env: { ...env, ...extra }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    console.log(`${name} exited (${signal ?? code})`);
    if (!stopping) shutdown(1);
  });
  children.push(child);
};
let stopping = false;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 12_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

start('api', 'apps/api/src/main.js');
for (const types of WORKER_TYPES) start(`worker ${types}`, 'apps/worker/src/main.js', { JOB_TYPES: types });
const port = env.PORT ?? '3000';
console.log(`\nCompute Jobs API on http://127.0.0.1:${port} (docs at /docs); admin key in var/admin-key`);
console.log('create an app key: npm run cli -- keys create --name my-app --app my-app\n');
