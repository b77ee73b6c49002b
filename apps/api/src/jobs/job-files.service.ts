import { Injectable } from '@nestjs/common';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { jobDirectory, notFound, resolveInside, Viewer } from '../../../../libs/domain/src/index.js';
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
 * there through the job's worker, under the same paths.
 */
@Injectable()
export class JobFilesService {
  constructor(
    private readonly jobs: JobsService,
    private readonly schedulerLogs: SchedulerLogs,
  ) {}

  async list(viewer: Viewer, id: string, area: 'logs' | 'results'): Promise<{ job: Awaited<ReturnType<JobsService['require']>>; files: FileEntry[] }> {
    const job = await this.jobs.require(viewer, id);
    if (area === 'logs' && this.schedulerLogs.onScheduler(job)) return { job, files: await this.schedulerLogs.list(job) };
    const base = path.join(jobDirectory(job.workspace, job.id), area);
    return { job, files: await walk(base, base) };
  }

  async open(viewer: Viewer, id: string, area: 'logs' | 'results', relative: string): Promise<{ stream: Readable; size: number; name: string }> {
    const job = await this.jobs.require(viewer, id);
    if (area === 'logs' && this.schedulerLogs.onScheduler(job)) return this.schedulerLogs.open(job, relative);
    const base = path.join(jobDirectory(job.workspace, job.id), area);
    const file = resolveInside(base, relative, 'path');
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) throw notFound(`${area.slice(0, -1)} file "${relative}" of job ${id}`);
    return { stream: createReadStream(file), size: stat.size, name: path.basename(file) };
  }
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
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
