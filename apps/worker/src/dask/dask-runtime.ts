import type { JobEntity } from '../../../../libs/persistence/src/index.js';

/** What a DASK job keeps in its `runtime` JSON (a type, not an interface, so it is a JSON record). */
export type DaskRuntime = {
  /** Task key of the current attempt. */
  daskKey?: string;
  /** Set before a stop cancels the task, so its disappearance reads as Aborted, not lost. */
  cancelRequested?: string | null;
  /** The cluster no longer keeps the task (results stored, cancelled or failed). */
  released?: boolean;
  /** The result was gathered and stored (a retried results step goes straight to releasing). */
  resultStored?: boolean;
  /** A result too large or not JSON, stored in `results/`. */
  resultFile?: { path: string; format: 'json' | 'pickle'; bytes: number; pythonType: string } | null;
  /** Workers that died while running the task (the scheduler ran it again). */
  reruns?: number;
  /** The snapshot of the cluster's logs taken as the attempt ended (see `ClusterLogSnapshots`). */
  clusterLogs?: string | null;
};

export function daskRuntime(job: JobEntity): DaskRuntime {
  return job.runtime as DaskRuntime;
}

/** The runtime of a new attempt: `runtime` is merged, so every field of the previous one is reset. */
export function newAttemptRuntime(daskKey: string): DaskRuntime {
  return { daskKey, cancelRequested: null, released: false, resultStored: false, resultFile: null, reruns: 0, clusterLogs: null };
}
