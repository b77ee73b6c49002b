import type { BackendJob, BackendStatus } from '../backend.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { queryJobs } from './condor-commands.js';
import { condorRuntime } from './condor-runtime.js';
import type { CondorJobSpec } from './condor-spec.js';
import type { JobAdRow } from './queue-output.js';
import { clusterStatus } from './status-map.js';

/** Below this many jobs the query names their tokens; above, it asks for every stamped job (a constraint of constant size). */
const TOKEN_QUERY_MAX = 100;
/** Cluster ids per condor_history constraint, well under the command-line limit. */
const HISTORY_CHUNK = 2000;

/**
 * The status of many CONDOR jobs of one scheduler: one condor_q for all of
 * them, then one condor_history for the clusters with processes no longer
 * in the queue (split only beyond {@link HISTORY_CHUNK} clusters). Jobs the
 * schedd does not know are left out.
 */
export async function condorStatuses(runner: CommandRunner, jobs: readonly BackendJob[]): Promise<Map<string, BackendStatus>> {
  const tracked = jobs.flatMap((job) => {
    const runtime = condorRuntime(job.runtime);
    return runtime ? [{ job, runtime, procs: (job.spec as unknown as CondorJobSpec).numJobs ?? 1 }] : [];
  });
  const out = new Map<string, BackendStatus>();
  if (tracked.length === 0) return out;
  const selection = tracked.length <= TOKEN_QUERY_MAX ? { jobsApiTokens: tracked.map((t) => t.runtime.token) } : { allStamped: true as const };
  const queued = byCluster(await queryJobs(runner, 'condor_q', selection));
  const left = tracked.filter((t) => (queued.get(t.runtime.clusterId)?.length ?? 0) < t.procs);
  const history = new Map<number, JobAdRow[]>();
  for (let i = 0; i < left.length; i += HISTORY_CHUNK) {
    const chunk = left.slice(i, i + HISTORY_CHUNK);
    const rows = await queryJobs(runner, 'condor_history', { clusterIds: chunk.map((t) => t.runtime.clusterId) });
    for (const [cluster, procs] of byCluster(rows)) history.set(cluster, procs);
  }
  for (const { job, runtime } of tracked) {
    // queue rows first: for a process in both, the history row is the later word
    const status = clusterStatus([...(queued.get(runtime.clusterId) ?? []), ...(history.get(runtime.clusterId) ?? [])]);
    if (status) out.set(job.id, status);
  }
  return out;
}

function byCluster(rows: readonly JobAdRow[]): Map<number, JobAdRow[]> {
  const groups = new Map<number, JobAdRow[]>();
  for (const row of rows) {
    const group = groups.get(row.clusterId);
    if (group) group.push(row);
    else groups.set(row.clusterId, [row]);
  }
  return groups;
}
