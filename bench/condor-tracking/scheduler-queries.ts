import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SshdFixture } from '../../test/fixtures/sshd/sshd-fixture.js';

/**
 * Counts, on the simulator's side, every condor_q and condor_history the
 * service runs: the tools of a private simulator are wrapped so each call
 * appends a line to a file. Returns a reader of the count.
 */
export async function countSchedulerQueries(sshd: SshdFixture): Promise<() => Promise<number>> {
  const bin = path.join(sshd.dir, 'htcondor-sim', 'bin');
  const log = path.join(sshd.simHome, 'queries.log');
  for (const tool of ['condor_q', 'condor_history']) {
    await rename(path.join(bin, tool), path.join(bin, `${tool}.real`));
    await writeFile(path.join(bin, tool), `#!/bin/sh\necho ${tool} >> '${log}'\nexec "$0.real" "$@"\n`, { mode: 0o755 });
  }
  return async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

/** Completed polls and their total time, from the worker's Prometheus metrics. */
export async function pollMetrics(healthPort: number): Promise<{ polls: number; seconds: number }> {
  const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    polls: value(/^worker_scheduler_polls_total\{job_type="CONDOR",outcome="ok"\} (\S+)$/m),
    seconds: value(/^worker_scheduler_poll_duration_seconds_sum\{job_type="CONDOR"\} (\S+)$/m),
  };
}
