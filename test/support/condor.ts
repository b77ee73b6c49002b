import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import type { SshdInfo } from '../fixtures/sshd/sshd-fixture.js';
import type { ApiClient } from './http.js';
import type { Stack } from './stack.js';
import { waitFor } from './wait.js';

/** Helpers for CONDOR e2e tests: schedulers on the sshd fixture, workspace files, waiting for statuses. */

export async function createScheduler(admin: ApiClient, name: string, sshd: SshdInfo, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/schedulers', {
    name, kind: 'condor', host: sshd.host, port: sshd.port, username: sshd.username, privateKey: sshd.keys.ed25519, ...extra,
  });
  if (res.status !== 201) throw new Error(`creating scheduler ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Writes files into a user's workspace of an app (as the caller's app would have). */
export async function workspaceFiles(stack: Stack, app: string, user: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(stack.workspaces, app, 'user_workspaces', user);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
    if (name.endsWith('.sh')) await chmod(path.join(dir, name), 0o755);
  }
  return dir;
}

export class JobWatch {
  constructor(
    private readonly client: ApiClient,
    private readonly jobs: string,
  ) {}

  async get(id: string): Promise<any> {
    const res = await this.client.get(`${this.jobs}/${id}`);
    if (res.status !== 200) throw new Error(`job ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Waits for one of `codes` and returns the job. */
  until(id: string, codes: string[], timeoutMs = 30_000): Promise<any> {
    let last = '';
    return waitFor(`job ${id} to be ${codes.join(' or ')}`, async () => {
      const job = await this.get(id);
      last = `${job.statusCode} ${job.statusMessage ?? ''}`;
      return codes.includes(job.statusCode) ? job : undefined;
    }, timeoutMs, 100).catch((err: Error) => {
      throw new Error(`${err.message}; last seen: ${last}`);
    });
  }
}

/** The statuses a job went through, from its event history. */
export async function statusHistory(stack: Stack, id: string): Promise<string[]> {
  const rows: { to_status: string }[] = await stack.ds.query(
    `SELECT to_status FROM job_events WHERE job_id = $1 AND type IN ('created', 'status') ORDER BY id`, [id],
  );
  return rows.map((r) => r.to_status);
}

/**
 * Paths under `root` whose file name starts with `prefix`. Other suites create
 * and delete job directories in the same trees meanwhile, so entries that
 * vanish during the walk are skipped rather than failing the search.
 */
export async function filesNamed(root: string, prefix: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.name.startsWith(prefix)) found.push(full);
    if (entry.isDirectory()) found.push(...(await filesNamed(full, prefix)));
  }
  return found;
}
