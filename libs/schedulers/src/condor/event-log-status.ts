import type { JobEvent } from './event-log.js';
import { JobStatus, type ProcessState } from './status-map.js';

/** The JobStatus an event leaves its process in; events that change nothing are absent. */
const STATUS_AFTER: Partial<Record<number, number>> = {
  0: JobStatus.Idle, // submitted
  1: JobStatus.Running, // executing
  4: JobStatus.Idle, // evicted: back in the queue
  5: JobStatus.Completed, // terminated
  7: JobStatus.Idle, // shadow exception: rescheduled
  9: JobStatus.Removed, // aborted
  10: JobStatus.Suspended,
  11: JobStatus.Running, // unsuspended
  12: JobStatus.Held,
  13: JobStatus.Idle, // released
};

/**
 * Applies event log events, in log order, to the known process states of
 * one log and returns the new states: the push path of status tracking,
 * which costs the schedd nothing (status-map turns them into job codes).
 */
export function applyEvents(previous: readonly ProcessState[], events: readonly JobEvent[]): ProcessState[] {
  const states = new Map(previous.map((p) => [`${p.clusterId}.${p.procId}`, p]));
  for (const event of events) {
    const jobStatus = STATUS_AFTER[event.eventNumber];
    if (jobStatus === undefined) continue;
    const next: ProcessState = { clusterId: event.cluster, procId: event.proc, jobStatus };
    if (event.eventNumber === 5) {
      if (event.returnValue !== undefined) next.exitCode = event.returnValue;
      if (event.terminatedBySignal !== undefined) Object.assign(next, { exitBySignal: true, exitSignal: event.terminatedBySignal });
    }
    if (event.eventNumber === 12) Object.assign(next, definedOnly({ holdReason: event.holdReason, holdReasonCode: event.holdReasonCode }));
    states.set(`${event.cluster}.${event.proc}`, next);
  }
  return [...states.values()];
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
