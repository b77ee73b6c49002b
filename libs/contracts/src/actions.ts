import type { UserAction } from '../../domain/src/index.js';

/**
 * Everything a worker can be asked to do with one job. `refresh` asks the
 * backend for the job's current status (the status callback URL);
 * `process-results` collects and processes results after the scheduler is done.
 */
export type JobAction = UserAction | 'refresh' | 'process-results';
export const JOB_ACTIONS: readonly JobAction[] = [
  'execute', 'stop', 'pause', 'resume', 'resubmit', 'delete', 'refresh', 'process-results',
];

/** Queue payloads carry ids only; the worker reloads the rows. */
export interface JobActionItem {
  kind: 'job-action';
  action: JobAction;
  jobId: string;
  outboxId: string;
}

/** The singleton repeatable status poll of one scheduler. */
export interface SchedulerPollItem {
  kind: 'scheduler-poll';
  schedulerId: string;
}

/**
 * The API asking for a job's logs while they are still on its scheduler:
 * only workers reach schedulers, so the job type's worker answers (BullMQ
 * return value). `path` null asks for the list.
 */
export interface LogsRequestItem {
  kind: 'logs';
  jobId: string;
  path: string | null;
}

export interface LogFileDto {
  path: string;
  size: number;
  modified: string;
}

/** `missing`: no such log (yet); the API answers 404 with this text. */
export type LogsReply = { files: LogFileDto[] } | { content: string } | { missing: string };

export type QueueItem = JobActionItem | SchedulerPollItem | LogsRequestItem;

/** BullMQ job ids of outbox rows: dedupe key, never a bare integer. */
export const outboxJobId = (outboxId: string) => `outbox-${outboxId}`;
export const pollJobId = (schedulerId: string) => `poll-scheduler-${schedulerId}`;
