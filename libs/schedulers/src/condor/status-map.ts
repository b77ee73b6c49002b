import type { BackendStatus } from '../backend.js';

/** HTCondor `JobStatus` values (manual, "Job Status Codes"); 0 is the "Unexpanded" of old versions. */
export const JobStatus = {
  Unexpanded: 0,
  Idle: 1,
  Running: 2,
  Removed: 3,
  Completed: 4,
  Held: 5,
  TransferringOutput: 6,
  Suspended: 7,
} as const;

/** `HoldReasonCode` 1, UserRequest: held with condor_hold, so it is paused, not failed. */
export const HOLD_REASON_USER_REQUEST = 1;

/** What the status of one process of a cluster depends on (from condor_q/condor_history or the event log). */
export interface ProcessState {
  clusterId: number;
  procId: number;
  jobStatus: number;
  exitCode?: number;
  exitBySignal?: boolean;
  exitSignal?: number;
  holdReason?: string;
  holdReasonCode?: number;
}

type Code = BackendStatus['code'];

const BY_JOB_STATUS: Record<number, Code> = {
  [JobStatus.Unexpanded]: 'SUB',
  [JobStatus.Idle]: 'SUB',
  [JobStatus.Running]: 'RUN',
  [JobStatus.Removed]: 'ABT',
  [JobStatus.Completed]: 'COM',
  [JobStatus.Held]: 'ERR',
  [JobStatus.TransferringOutput]: 'RUN',
  [JobStatus.Suspended]: 'PAS',
};

/**
 * The job status of one process. Unlike Tethys, which maps every hold to
 * Error and every status above 6 to Error, a hold by the user is Paused and
 * Suspended is Paused.
 */
export function processStatus(p: ProcessState): BackendStatus {
  const code = BY_JOB_STATUS[p.jobStatus];
  if (code === undefined) return { code: 'ERR', message: `unknown HTCondor JobStatus ${p.jobStatus}` };
  if (p.jobStatus === JobStatus.Held) {
    const byUser = p.holdReasonCode === HOLD_REASON_USER_REQUEST;
    const reason = p.holdReason ? `: ${p.holdReason}` : '';
    const holdCode = p.holdReasonCode === undefined || byUser ? '' : ` (HoldReasonCode ${p.holdReasonCode})`;
    return byUser ? { code: 'PAS', message: `held by the user${reason}` } : { code: 'ERR', message: `held${reason}${holdCode}` };
  }
  if (p.jobStatus === JobStatus.Completed) {
    if (p.exitBySignal) return { code, message: `ended by signal ${p.exitSignal ?? 'unknown'}` };
    if (p.exitCode !== undefined && p.exitCode !== 0) return { code, message: `exited with code ${p.exitCode}` };
  }
  return { code };
}

/** The most process messages a cluster status quotes; the rest are counted. */
const MAX_MESSAGES = 5;

/**
 * The status of a whole cluster (`queue N`): all processes alike → that
 * status; any still idle, running or paused → Various; otherwise some
 * complete → Various-Complete, none complete (errors and removals) → Error.
 * Process messages (hold reasons, non-zero exit codes) are quoted with the
 * process id. Rows for the same process: the last wins, so pass condor_q
 * rows before condor_history rows. Undefined for no rows.
 */
export function clusterStatus(rows: readonly ProcessState[]): BackendStatus | undefined {
  const byProc = new Map<number, ProcessState>();
  for (const row of rows) byProc.set(row.procId, row);
  const procs = [...byProc.values()].sort((a, b) => a.procId - b.procId);
  if (procs.length === 0) return undefined;
  const statuses = procs.map(processStatus);
  const codes = new Set(statuses.map((s) => s.code));
  const single = procs.length === 1;
  const messages = statuses.flatMap((s, i) => (s.message ? [single ? s.message : `process ${procs[i].clusterId}.${procs[i].procId} ${s.message}`] : []));
  const message = messages.length === 0 ? undefined : summarize(messages);
  return message === undefined ? { code: aggregate(codes) } : { code: aggregate(codes), message };
}

function aggregate(codes: Set<Code>): Code {
  if (codes.size === 1) return [...codes][0];
  if (codes.has('SUB') || codes.has('RUN') || codes.has('PAS')) return 'VAR';
  return codes.has('COM') ? 'VCP' : 'ERR';
}

function summarize(messages: string[]): string {
  const shown = messages.slice(0, MAX_MESSAGES).join('; ');
  return messages.length > MAX_MESSAGES ? `${shown}; and ${messages.length - MAX_MESSAGES} more` : shown;
}
