/**
 * Incremental reader of the HTCondor job event log ("user log", the file
 * named by the submit command `log`). Each event is a header line
 * `NNN (cluster.proc.subproc) <date> <time> <text>`, optional body lines,
 * and a line `...`. HTCondor writes events while we read, so only text up
 * to the last complete `...` line is consumed; the returned offset points
 * after it and a partly written event is read again next time.
 * Format and event numbers: HTCondor manual, "Job Event Log Codes";
 * header layout: `ULogEvent::formatHeader` in condor_utils/condor_event.cpp.
 */

/** Event type names by number (ULOG_* without the prefix). */
const NAMES = [
  'SUBMIT', 'EXECUTE', 'EXECUTABLE_ERROR', 'CHECKPOINTED', 'JOB_EVICTED', 'JOB_TERMINATED', 'IMAGE_SIZE',
  'SHADOW_EXCEPTION', 'GENERIC', 'JOB_ABORTED', 'JOB_SUSPENDED', 'JOB_UNSUSPENDED', 'JOB_HELD', 'JOB_RELEASED',
  'NODE_EXECUTE', 'NODE_TERMINATED', 'POST_SCRIPT_TERMINATED', 'GLOBUS_SUBMIT', 'GLOBUS_SUBMIT_FAILED',
  'GLOBUS_RESOURCE_UP', 'GLOBUS_RESOURCE_DOWN', 'REMOTE_ERROR', 'JOB_DISCONNECTED', 'JOB_RECONNECTED',
  'JOB_RECONNECT_FAILED', 'GRID_RESOURCE_UP', 'GRID_RESOURCE_DOWN', 'GRID_SUBMIT', 'JOB_AD_INFORMATION',
  'JOB_STATUS_UNKNOWN', 'JOB_STATUS_KNOWN', 'JOB_STAGE_IN', 'JOB_STAGE_OUT', 'ATTRIBUTE_UPDATE', 'PRESKIP',
  'CLUSTER_SUBMIT', 'CLUSTER_REMOVE', 'FACTORY_PAUSED', 'FACTORY_RESUMED', 'NONE', 'FILE_TRANSFER',
] as const;

export interface JobEvent {
  /** 0 submitted, 1 executing, 4 evicted, 5 terminated, 9 aborted, 12 held, 13 released, ... */
  eventNumber: number;
  /** `SUBMIT`, `EXECUTE`, `JOB_TERMINATED`, ... (`FUTURE_EVENT` for numbers newer than this list). */
  name: string;
  cluster: number;
  proc: number;
  subproc: number;
  /** The date and time as written. */
  timestamp: string;
  time: Date;
  /** The text after the timestamp, e.g. `Job was held.` */
  summary: string;
  /** The following lines, trimmed. */
  details: string[];
  /** 005 (or 016, a DAG node's POST script) with normal termination: the exit code. */
  returnValue?: number;
  /** 005 (or 016) with abnormal termination: the signal that ended the job or script. */
  terminatedBySignal?: number;
  /** The `DAG Node: name` line DAGMan's node jobs carry in their submit, POST script and PRE_SKIP events. */
  dagNode?: string;
  /** 012: why, and HoldReasonCode/HoldReasonSubCode (1 = held by the user). */
  holdReason?: string;
  holdReasonCode?: number;
  holdReasonSubCode?: number;
  /** 009 and 013: the reason given, if any. */
  reason?: string;
}

export interface EventLogRead {
  events: JobEvent[];
  /** Byte offset to read from next time. */
  offset: number;
  /** Complete blocks whose header could not be read (skipped, not retried). */
  skipped: number;
}

export interface EventTimeOptions {
  /** Reference for the year, which the old `MM/DD` format leaves out. Default: now. */
  now?: Date;
}

/**
 * Parses the bytes of an event log read from `startOffset`. Times without a
 * zone (HTCondor writes the submit machine's local time unless its user
 * log format options include UTC) are taken as UTC.
 */
export function parseEventLog(data: Buffer, startOffset: number, options: EventTimeOptions = {}): EventLogRead {
  const events: JobEvent[] = [];
  let skipped = 0;
  let consumed = 0;
  let block: string[] = [];
  for (let start = 0, end = data.indexOf(0x0a); end !== -1; start = end + 1, end = data.indexOf(0x0a, start)) {
    const line = data.toString('utf8', start, end).replace(/\r$/, '');
    if (line !== '...') {
      block.push(line);
      continue;
    }
    const event = parseEvent(block, options);
    if (event) events.push(event);
    else skipped++;
    block = [];
    consumed = end + 1;
  }
  return { events, offset: startOffset + consumed, skipped };
}

const HEADER = /^(\d{3}) \((-?\d+)\.(-?\d+)\.(-?\d+)\) (.*)$/;

function parseEvent(lines: string[], options: EventTimeOptions): JobEvent | undefined {
  const header = HEADER.exec(lines[0] ?? '');
  const when = header && parseEventTime(header[5], options.now ?? new Date());
  if (!header || !when) return undefined;
  const eventNumber = Number(header[1]);
  const details = lines.slice(1).map((l) => l.trim()).filter((l) => l !== '');
  return {
    eventNumber,
    name: NAMES[eventNumber] ?? 'FUTURE_EVENT',
    cluster: Number(header[2]),
    proc: Number(header[3]),
    subproc: Number(header[4]),
    timestamp: when.timestamp,
    time: when.time,
    summary: when.rest.trim(),
    details,
    ...eventFields(eventNumber, details),
    ...dagNodeField(details),
  };
}

const CODES = /^Code (-?\d+) Subcode (-?\d+)$/;

function eventFields(eventNumber: number, details: string[]): Partial<JobEvent> {
  switch (eventNumber) {
    case 5:
    case 16: {
      const normal = details.map((l) => /^\(1\) Normal termination \(return value (-?\d+)\)/.exec(l)).find(Boolean);
      if (normal) return { returnValue: Number(normal[1]) };
      const signal = details.map((l) => /^\(0\) Abnormal termination \(signal (\d+)\)/.exec(l)).find(Boolean);
      return signal ? { terminatedBySignal: Number(signal[1]) } : {};
    }
    case 12: {
      const codes = details.map((l) => CODES.exec(l)).find(Boolean);
      const first = details[0];
      const reason = first && first !== 'Reason unspecified' && !CODES.test(first) ? first : undefined;
      return { holdReason: reason, holdReasonCode: codes ? Number(codes[1]) : undefined, holdReasonSubCode: codes ? Number(codes[2]) : undefined };
    }
    case 9:
    case 13:
      return details[0] ? { reason: details[0] } : {};
    default:
      return {};
  }
}

function dagNodeField(details: string[]): Partial<JobEvent> {
  const line = details.map((l) => /^DAG Node: (\S+)$/.exec(l)).find(Boolean);
  return line ? { dagNode: line[1] } : {};
}

const OLD_TIME = /^(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z)?(?: (.*))?$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?(?: (.*))?$/;

/** Both header date formats: `MM/DD HH:MM:SS` (default before 8.9) and ISO `YYYY-MM-DD HH:MM:SS` (ISO_DATE), each with optional `.mmm` and `Z`. */
function parseEventTime(text: string, now: Date): { timestamp: string; time: Date; rest: string } | undefined {
  const iso = ISO_TIME.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone, rest] = iso;
    const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, fractionMs(frac));
    const timestamp = text.slice(0, text.length - (rest === undefined ? 0 : rest.length + 1));
    return { timestamp, time: new Date(utc - zoneOffsetMs(zone)), rest: rest ?? '' };
  }
  const old = OLD_TIME.exec(text);
  if (!old) return undefined;
  const [, mo, d, h, mi, s, frac, , rest] = old;
  const at = (year: number) => new Date(Date.UTC(year, +mo - 1, +d, +h, +mi, +s, fractionMs(frac)));
  let time = at(now.getUTCFullYear());
  // no year in this format: a date ahead of now belongs to last year (a December event read in January)
  if (time.getTime() > now.getTime() + 86_400_000) time = at(now.getUTCFullYear() - 1);
  const timestamp = text.slice(0, text.length - (rest === undefined ? 0 : rest.length + 1));
  return { timestamp, time, rest: rest ?? '' };
}

function fractionMs(frac: string | undefined): number {
  return frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
