/**
 * Task keys of DASK jobs. A key is derived from the deployment's namespace,
 * the job id and the attempt, so submitting the same attempt again (after a
 * crash) names the same task, while a resubmit names a new one. The
 * namespace keeps deployments that share a Dask cluster apart.
 */
export function daskJobKey(namespace: string, jobId: string, attempt: number): string {
  return `${namespace}-job-${jobId}-attempt-${attempt}`;
}

/** The job and attempt a key of this namespace names; null for any other key. */
export function parseDaskJobKey(namespace: string, key: string): { jobId: string; attempt: number } | null {
  if (!key.startsWith(`${namespace}-job-`)) return null;
  const match = /^(\d{1,18})-attempt-(\d{1,9})$/.exec(key.slice(namespace.length + 5));
  return match ? { jobId: match[1], attempt: Number(match[2]) } : null;
}
