import { Injectable } from '@nestjs/common';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { clusterLogsDirectory, DomainError, jobDirectory, notFound, resolveInside, Viewer } from '../../../../libs/domain/src/index.js';
import type { JobEntity } from '../../../../libs/persistence/src/index.js';
import { JobsService } from './jobs.service.js';
import { SchedulerLogs } from './scheduler-logs.service.js';

export interface FileEntry {
  path: string;
  size: number;
  modified: string;
}

/**
 * Logs and result files of a job, read from the job's own directory in its
 * workspace, where workers put them; logs still on a scheduler are read
 * there through the job's worker, under the same paths, besides the job's
 * own files (a file on the scheduler wins). The cluster's logs
 * of an attempt may be a snapshot shared with the jobs that ended at the same
 * time: its files are listed as the attempt's own.
 */
@Injectable()
export class JobFilesService {
  constructor(
    private readonly config: ApiConfig,
    private readonly jobs: JobsService,
    private readonly schedulerLogs: SchedulerLogs,
  ) {}

  async list(viewer: Viewer, id: string, area: 'logs' | 'results'): Promise<{ job: Awaited<ReturnType<JobsService['require']>>; files: FileEntry[] }> {
    const job = await this.jobs.require(viewer, id);
    const base = path.join(jobDirectory(job.workspace, job.id), area);
    const files = await walk(base, base);
    if (area === 'logs' && this.schedulerLogs.onScheduler(job)) return { job, files: merged(await this.schedulerLogs.list(job), files) };
    const shared = area === 'logs' ? this.sharedLogs(job) : null;
    if (!shared) return { job, files: merged(files, []) };
    const snapshot = (await walk(shared.dir, shared.dir)).map((f) => ({ ...f, path: `${shared.prefix}/${f.path}` }));
    return { job, files: merged(files, snapshot) };
  }

  async open(viewer: Viewer, id: string, area: 'logs' | 'results', relative: string): Promise<{ stream: Readable; size: number; name: string }> {
    const job = await this.jobs.require(viewer, id);
    if (area === 'logs' && this.schedulerLogs.onScheduler(job)) {
      const live = await this.schedulerLogs.open(job, relative).catch((err: unknown) => {
        if (err instanceof DomainError && err.code === 'not_found') return null; // perhaps one of the job's own files
        throw err;
      });
      if (live) return live;
    }
    const base = path.join(jobDirectory(job.workspace, job.id), area);
    const shared = area === 'logs' ? this.sharedLogs(job) : null;
    const candidates = [resolveInside(base, relative, 'path')];
    if (shared && relative.startsWith(`${shared.prefix}/`)) {
      candidates.push(resolveInside(shared.dir, relative.slice(shared.prefix.length + 1), 'path'));
    }
    for (const file of candidates) {
      const stat = await fs.stat(file).catch(() => null);
      if (stat?.isFile()) return { stream: createReadStream(file), size: stat.size, name: path.basename(file) };
    }
    throw notFound(`${area.slice(0, -1)} file "${relative}" of job ${id}`);
  }

  /** The snapshot of cluster logs the job's current attempt names, and the directory its files are listed under. */
  private sharedLogs(job: JobEntity): { dir: string; prefix: string } | null {
    const snapshot = job.runtime?.clusterLogs;
    if (typeof snapshot !== 'string') return null;
    return { dir: clusterLogsDirectory(this.config.workspacesRoot, snapshot), prefix: `attempt-${job.attempt}` };
  }
}

/** The files of `first`, and those of `second` that no file of `first` shadows, by path. */
function merged(first: FileEntry[], second: FileEntry[]): FileEntry[] {
  const paths = new Set(first.map((f) => f.path));
  return [...first, ...second.filter((f) => !paths.has(f.path))].sort((a, b) => a.path.localeCompare(b.path));
}

async function walk(base: string, dir: string): Promise<FileEntry[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: FileEntry[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(base, full)));
    else if (e.isFile()) {
      const stat = await fs.stat(full);
      out.push({ path: path.relative(base, full), size: stat.size, modified: stat.mtime.toISOString() });
    }
  }
  return out;
}
