import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { clusterLogsDirectory } from '../../../../libs/domain/src/index.js';
import type { DaskLogs } from '../../../../libs/schedulers/src/index.js';
import { clusterLogFiles } from './dask-job-files.js';

/**
 * A snapshot this young may still be named by a job about to complete (a job
 * names one taken seconds before its Complete is written): never removed.
 */
export const KEEP_MS = 60 * 60_000;
/**
 * The periodic sweep looks at snapshots up to this old: those no job ever
 * named, and those whose jobs were deleted before the snapshot was `KEEP_MS`
 * old. Older ones are removed when their last job is deleted.
 */
export const SWEEP_WINDOW_MS = 25 * 60 * 60_000;
/** Each process sweeps at most this often. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The cluster's logs as they were when jobs ended, written once per read and
 * shared by every job that ended meanwhile: the job's runtime names the
 * snapshot (`clusterLogs`) and the API lists its files among the job's logs.
 * A burst of jobs would otherwise create one directory and a few files each,
 * all holding the same text. A job keeps its own copy once it no longer
 * refers to the snapshot (a resubmit starts a new attempt).
 *
 * Snapshots live in one directory per scheduler and UTC day
 * (`<scheduler>/<yyyymmdd>/<ms>-<random>`), so neither a sweep nor a
 * removal ever reads more than a day of them.
 */
export class ClusterLogSnapshots {
  private lastSweep = 0;

  constructor(
    private readonly root: string,
    private readonly ds: DataSource,
  ) {}

  /** Writes one snapshot of a scheduler's cluster logs; returns its id. */
  async write(schedulerId: string, logs: DaskLogs, now = Date.now()): Promise<string> {
    const id = `${schedulerId}/${day(now)}/${now}-${randomBytes(4).toString('hex')}`;
    const dir = clusterLogsDirectory(this.root, id);
    // Written aside and renamed, so a snapshot is seen whole or not at all.
    const partial = `${dir}.partial`;
    await fs.mkdir(partial, { recursive: true });
    for (const [name, text] of clusterLogFiles(logs)) await fs.writeFile(path.join(partial, name), text);
    await fs.rename(partial, dir);
    return id;
  }

  /** Copies the files of snapshot `id` into `dir`, keeping any file already there. */
  async copyTo(id: string, dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    await fs.cp(clusterLogsDirectory(this.root, id), dir, { recursive: true, force: false });
  }

  /** Once a job naming snapshot `id` is deleted: removes the snapshot if no job names it any more (and it is old enough). */
  async release(id: string, now = Date.now()): Promise<boolean> {
    if (!(now - takenAt(id) > KEEP_MS)) return false; // the sweep sees to it later
    return (await this.removeUnnamed([id], now)) === 1;
  }

  /** Removes the recent snapshots (see `SWEEP_WINDOW_MS`) that no job names, and any left half-written; at most every few minutes. */
  async sweep(now = Date.now()): Promise<number> {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return 0;
    this.lastSweep = now;
    const root = clusterLogsDirectory(this.root);
    const days = [...new Set([now - SWEEP_WINDOW_MS, now - KEEP_MS].map(day))];
    const candidates: string[] = [];
    for (const scheduler of await fs.readdir(root).catch(() => [] as string[])) {
      for (const d of days) {
        const names = await fs.readdir(path.join(root, scheduler, d)).catch(() => [] as string[]);
        const inWindow = names.filter((n) => now - takenAt(n) > KEEP_MS && now - takenAt(n) <= SWEEP_WINDOW_MS);
        candidates.push(...inWindow.map((n) => `${scheduler}/${d}/${n}`));
      }
    }
    return this.removeUnnamed(candidates, now);
  }

  private async removeUnnamed(ids: string[], now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const unnamed: { id: string }[] = await this.ds.query(
      `SELECT s.id FROM unnest($1::text[]) AS s(id)
       WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE runtime->>'clusterLogs' = s.id)`,
      [ids],
    );
    for (const { id } of unnamed) {
      const dir = clusterLogsDirectory(this.root, id);
      await fs.rm(dir, { recursive: true, force: true });
      // An emptied day directory goes too (today's is where snapshots are being written).
      if (path.basename(path.dirname(dir)) !== day(now)) await fs.rmdir(path.dirname(dir)).catch(() => undefined);
    }
    return unnamed.length;
  }
}

/** The UTC day a snapshot taken at `ms` is kept under. */
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/** When a snapshot (id or directory name) was taken. */
function takenAt(idOrName: string): number {
  return Number(path.basename(idOrName).split('-')[0]);
}
