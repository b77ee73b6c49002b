import { CommandFailedError, execChecked, type CommandRunner } from '../runner/command-runner.js';
import { commandLine } from '../ssh/shell-quote.js';
import { constraintFor, parseJobAds, queueQuery, type JobAdRow, type JobSelection } from './queue-output.js';

/** condor_q (or condor_history) for a selection of jobs, parsed. */
export async function queryJobs(runner: CommandRunner, tool: 'condor_q' | 'condor_history', selection: JobSelection): Promise<JobAdRow[]> {
  return parseJobAds((await execChecked(runner, commandLine(queueQuery(tool, selection)))).stdout);
}

/** The cluster a submission stamped with `token` created, if the schedd knows it (in the queue or its history). */
export async function clusterOfToken(runner: CommandRunner, token: string): Promise<number | undefined> {
  for (const tool of ['condor_q', 'condor_history'] as const) {
    const [row] = await queryJobs(runner, tool, { jobsApiTokens: [token] });
    if (row) return row.clusterId;
  }
  return undefined;
}

export type JobTool = 'condor_rm' | 'condor_hold' | 'condor_release';

/**
 * condor_rm / condor_hold / condor_release on a cluster or on the jobs of a
 * token. Returns false when there was nothing to act on (the jobs already
 * left the queue, or are not in a state the tool applies to): rm.cpp then
 * says "Couldn't find/hold all jobs" and exits 1. Any other failure rejects.
 */
export async function actOnJobs(runner: CommandRunner, tool: JobTool, target: { clusterId: number } | { token: string }): Promise<boolean> {
  const args = 'clusterId' in target ? [String(target.clusterId)] : ['-constraint', constraintFor({ jobsApiTokens: [target.token] })];
  const command = commandLine([tool, ...args]);
  const result = await runner.exec(command);
  if (result.code === 0) return !/There are no jobs in the queue/.test(result.stderr);
  const printed = `${result.stdout}\n${result.stderr}`;
  if (result.code === 1 && /Couldn't find|not found|There are no jobs|already|not held/i.test(printed)) return false;
  throw new CommandFailedError(command, runner.target, result);
}
