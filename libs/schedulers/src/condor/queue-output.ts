import { stampLiteral } from './job-stamp.js';
import type { ProcessState } from './status-map.js';

/**
 * Batched queries of condor_q / condor_history and parsing of what they and
 * condor_submit print. Queries use `-json -attributes`: JSON escapes every
 * string (hold reasons with spaces, tabs, quotes or newlines stay one
 * value), and an attribute a job lacks is simply absent, where `-af`
 * prints `undefined` and splits values on spaces. HTCondor prints nothing
 * at all, not `[]`, when no job matches.
 */

/** The job ClassAd attributes every status query asks for. */
export const QUEUE_ATTRIBUTES = [
  'ClusterId',
  'ProcId',
  'JobStatus',
  'ExitCode',
  'ExitBySignal',
  'ExitSignal',
  'HoldReason',
  'HoldReasonCode',
  'EnteredCurrentStatus',
  'JobsApiId',
  'JobsApiToken',
] as const;

/**
 * Which jobs to ask about: HTCondor cluster ids, the ids/tokens the service
 * stamped on its submissions, or every job it stamped (one query however
 * many jobs are tracked; the constraint stays short).
 */
export type JobSelection =
  | { clusterIds: readonly number[] }
  | { jobsApiIds: readonly string[] }
  | { jobsApiTokens: readonly string[] }
  | { allStamped: true };

/** One process as condor_q or condor_history report it. */
export interface JobAdRow extends ProcessState {
  jobsApiId?: string;
  jobsApiToken?: string;
  /** Unix time the process entered its current status. */
  enteredCurrentStatus?: number;
}

export class CondorOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CondorOutputError';
  }
}

/** The argument vector of one query for many jobs; pass it to `commandLine` to quote it. */
export function queueQuery(tool: 'condor_q' | 'condor_history', selection: JobSelection): string[] {
  return [tool, '-json', '-attributes', QUEUE_ATTRIBUTES.join(','), '-constraint', constraintFor(selection)];
}

/**
 * A ClassAd constraint matching any of the selected jobs. Strings are
 * compared with `=?=` (case-sensitive, false rather than undefined for a
 * job without the attribute); values are checked, never escaped.
 */
export function constraintFor(selection: JobSelection): string {
  if ('allStamped' in selection) return 'JobsApiToken =!= undefined';
  const [attribute, values] =
    'clusterIds' in selection
      ? ['ClusterId', selection.clusterIds.map(clusterIdLiteral)]
      : 'jobsApiIds' in selection
        ? ['JobsApiId', selection.jobsApiIds.map((v) => stampLiteral('jobsApiIds', v))]
        : ['JobsApiToken', selection.jobsApiTokens.map((v) => stampLiteral('jobsApiTokens', v))];
  if (values.length === 0) throw new Error('a queue query needs at least one job');
  const operator = attribute === 'ClusterId' ? '==' : '=?=';
  return values.map((v) => `${attribute} ${operator} ${v}`).join(' || ');
}

/** Parses `-json` output of condor_q or condor_history into one row per process. */
export function parseJobAds(stdout: string): JobAdRow[] {
  if (stdout.trim() === '') return [];
  let ads: unknown;
  try {
    ads = JSON.parse(stdout);
  } catch (err) {
    throw new CondorOutputError(`unreadable JSON from HTCondor (${(err as Error).message}): ${excerpt(stdout)}`);
  }
  if (!Array.isArray(ads)) throw new CondorOutputError(`expected a JSON array of job ads: ${excerpt(stdout)}`);
  return ads.map((ad: unknown) => jobAdRow(ad, stdout));
}

function jobAdRow(ad: unknown, stdout: string): JobAdRow {
  const fields = (typeof ad === 'object' && ad !== null ? ad : {}) as Record<string, unknown>;
  const { ClusterId, ProcId, JobStatus } = fields;
  if (!isInt(ClusterId) || !isInt(ProcId) || !isInt(JobStatus)) {
    throw new CondorOutputError(`a job ad without ClusterId, ProcId or JobStatus: ${excerpt(stdout)}`);
  }
  const row: JobAdRow = { clusterId: ClusterId, procId: ProcId, jobStatus: JobStatus };
  if (isInt(fields.ExitCode)) row.exitCode = fields.ExitCode;
  if (typeof fields.ExitBySignal === 'boolean') row.exitBySignal = fields.ExitBySignal;
  if (isInt(fields.ExitSignal)) row.exitSignal = fields.ExitSignal;
  if (typeof fields.HoldReason === 'string') row.holdReason = fields.HoldReason;
  if (isInt(fields.HoldReasonCode)) row.holdReasonCode = fields.HoldReasonCode;
  if (isInt(fields.EnteredCurrentStatus)) row.enteredCurrentStatus = fields.EnteredCurrentStatus;
  if (typeof fields.JobsApiId === 'string') row.jobsApiId = fields.JobsApiId;
  if (typeof fields.JobsApiToken === 'string') row.jobsApiToken = fields.JobsApiToken;
  return row;
}

/** What condor_submit reports: `N job(s) submitted to cluster C.` */
export interface SubmitResult {
  clusterId: number;
  jobCount: number;
}

const SUBMITTED = /^(\d+) job\(s\) submitted to cluster (\d+)\.\s*$/m;

/** Reads the cluster id from condor_submit's output, or rejects with what it printed instead. */
export function parseSubmitOutput(stdout: string, stderr = ''): SubmitResult {
  const match = SUBMITTED.exec(stdout);
  if (!match) {
    const printed = [stdout.trim(), stderr.trim()].filter(Boolean).join('\n') || 'nothing';
    throw new CondorOutputError(`condor_submit did not report a cluster id; it printed: ${excerpt(printed)}`);
  }
  return { jobCount: Number(match[1]), clusterId: Number(match[2]) };
}

function clusterIdLiteral(id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new Error(`not an HTCondor cluster id: ${id}`);
  return String(id);
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function excerpt(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
