// Shared by `npm start` and `npm test`: install npm packages when missing,
// make sure the local PostgreSQL and Redis run, compile.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

function ok(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

/**
 * Runs `npm ci` when a package of package-lock.json is missing from
 * node_modules or has another version. Extra packages do not count: worktrees
 * of one repository may share a node_modules that a branch added to, and
 * `npm ci` there would empty it under the other worktrees' feet.
 */
export function installPackages() {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const unmet = Object.entries(lock.packages ?? {}).find(([where, meta]) => {
    if (!where.startsWith('node_modules/') || meta.link) return false;
    const manifest = path.join(root, where, 'package.json');
    if (!existsSync(manifest)) return !meta.optional;
    return JSON.parse(readFileSync(manifest, 'utf8')).version !== meta.version;
  });
  if (unmet) run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Starts the machine's PostgreSQL and Redis if they are not running (no systemd here). */
export function ensureServices() {
  if (!ok('pg_isready', ['-q', '-h', '127.0.0.1'])) {
    const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
    if (versions.length === 0) throw new Error('PostgreSQL is not running and not installed (need 127.0.0.1:5432)');
    run('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start']);
  }
  if (!ok('redis-cli', ['-h', '127.0.0.1', 'ping'])) {
    run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no',
      '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log']);
    for (let i = 0; i < 50 && !ok('redis-cli', ['-h', '127.0.0.1', 'ping']); i++) spawnSync('sleep', ['0.1']);
  }
}

/** Installs Debian packages that are missing (root, apt-get). */
export function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !ok('dpkg-query', ['-W', '-f=${Status}', p]) ||
    !execFileSync('dpkg-query', ['-W', '-f=${Status}', p]).toString().includes('install ok installed'));
  if (missing.length === 0) return;
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function build() {
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
}
