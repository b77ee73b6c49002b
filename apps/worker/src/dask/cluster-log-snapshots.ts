import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { clusterLogsDirectory } from '../../../../libs/domain/src/index.js';
import type { DaskLogs } from '../../../../libs/schedulers/src/index.js';
import { clusterLogFiles } from './dask-job-files.js';

/**
 * A snapshot no job refers to is removed once it is this old. A job refers
 * to a snapshot taken seconds before its Complete is written, so an hour
 * leaves a wide margin.
 */
export const UNREFERENCED_KEEP_MS = 60 * 60_000;
/** Each process looks for such snapshots at most this often. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The cluster's logs as they were when jobs ended, written once per read and
 * shared by every job that ended meanwhile: the job's runtime names the
 * snapshot (`clusterLogs`) and the API lists its files among the job's logs.
 * A burst of jobs would otherwise create one directory and a few files each,
 * all holding the same text. A job keeps its own copy once it no longer
 * refers to the snapshot (a resubmit starts a new attempt).
 */
export class ClusterLogSnapshots {
  private lastSweep = 0;

  constructor(
    private readonly root: string,
    private readonly ds: DataSource,
  ) {}

  /** Writes one snapshot of a scheduler's cluster logs; returns its id. */
  async write(schedulerId: string, logs: DaskLogs): Promise<string> {
    const id = `${schedulerId}/${Date.now()}-${randomBytes(4).toString('hex')}`;
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

  /**
   * Removes old snapshots that no job names (and any left half-written), of
   * every scheduler, removed ones included; at most every few minutes.
   */
  async sweep(now = Date.now()): Promise<number> {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return 0;
    this.lastSweep = now;
    const root = clusterLogsDirectory(this.root);
    const old: string[] = [];
    for (const scheduler of await fs.readdir(root).catch(() => [] as string[])) {
      const names = await fs.readdir(path.join(root, scheduler)).catch(() => [] as string[]);
      old.push(...names.filter((n) => now - Number(n.split('-')[0]) > UNREFERENCED_KEEP_MS).map((n) => `${scheduler}/${n}`));
    }
    if (old.length === 0) return 0;
    const unreferenced: { id: string }[] = await this.ds.query(
      `SELECT s.id FROM unnest($1::text[]) AS s(id)
       WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE runtime->>'clusterLogs' = s.id)`,
      [old],
    );
    for (const { id } of unreferenced) await fs.rm(clusterLogsDirectory(this.root, id), { recursive: true, force: true });
    return unreferenced.length;
  }
}
