import { UnrecoverableError } from 'bullmq';
import type { JobActionItem, QueueItem, QueueName } from '../../contracts/src/index.js';

export interface OutboxRow {
  id: string;
  jobId: string;
  queue: QueueName;
  action: JobActionItem['action'];
  availableAt: Date;
}

/** Handed to a consumer for each delivery. */
export interface Delivery<T extends QueueItem = QueueItem> {
  item: T;
  attempt: number;
  /** True on the last attempt BullMQ will make. */
  lastAttempt: boolean;
}

/** What it resolves to is the BullMQ return value (the reply to a request). */
export type ConsumerHandler = (delivery: Delivery) => Promise<unknown>;

/** A request nobody answered in time: no worker of that job type is running, or it is stuck. */
export class RequestTimeout extends Error {}

/** A failure that retrying cannot fix: BullMQ stops retrying. */
export class PermanentFailure extends UnrecoverableError {}
