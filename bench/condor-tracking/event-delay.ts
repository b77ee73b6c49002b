import type { SshSession } from '../../test/fixtures/sshd/ssh-session.js';
import type { ApiClient } from '../../test/support/http.js';

/**
 * Delay from an event written to a job's event log until the API shows the
 * status it implies: the job is held with condor_hold (event 012 → Paused),
 * then released (013 → Submitted), timed from the tool's return (the event
 * is in the log by then) until a GET of the job shows the new status.
 */
export async function eventDelays(ssh: SshSession, client: ApiClient, jobsPath: string, jobs: { id: string; cluster: number }[]): Promise<number[]> {
  const delays: number[] = [];
  for (const job of jobs) {
    for (const [tool, code] of [['condor_hold', 'PAS'], ['condor_release', 'SUB']] as const) {
      await ssh.run(`${tool} ${job.cluster}`);
      const written = performance.now();
      for (;;) {
        const { body } = await client.get(`${jobsPath}/${job.id}`);
        if (body.statusCode === code) break;
        if (performance.now() - written > 30_000) throw new Error(`job ${job.id} did not become ${code} after ${tool}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      delays.push(performance.now() - written);
    }
  }
  return delays;
}
