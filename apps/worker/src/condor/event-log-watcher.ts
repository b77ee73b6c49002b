import { eachLimited } from '../../../../libs/batching/src/index.js';
import { JOB_SELECT, toJobEntity } from '../../../../libs/persistence/src/index.js';
import {
  applyEvents, clusterStatus, parseEventLog, readIncrements, type BackendStatus, type ProcessState,
} from '../../../../libs/schedulers/src/index.js';
import { SchedulerLogWatcher, type WatchedScheduler } from '../runtime/scheduler-log-watcher.js';
import type { CondorServices } from './condor-services.js';
import { WRITE_CONCURRENCY } from './scheduler-poller.js';
import { TRACKED_STATUSES } from './status-poller.js';

/** Advisory lock key: one replica reads the event logs; "COND". */
const LEADER_KEY = 0x434f4e44;

interface WatchedLog {
  jobId: string;
  attempt: number;
  path: string;
  offset: number;
  processes: ProcessState[];
  /** Read regardless of its modification time (just added, or deferred last time). */
  fresh: boolean;
}

interface WatchedLogs extends WatchedScheduler {
  logs: Map<string, WatchedLog>;
}

/**
 * The push path of CONDOR status tracking: every interval, for each
 * scheduler, one command reads what was appended to the job event logs of
 * all its active jobs (HTCondor's guidance: event logs cost the schedd
 * nothing, unlike condor_q), and status changes are written within about a
 * second of the event. Offsets and process states are stored with each
 * status change, so a restart resumes where the last change left off.
 */
export class EventLogWatcher extends SchedulerLogWatcher<WatchedLogs> {
  constructor(
    private readonly condor: CondorServices,
    intervalMs: number,
  ) {
    super(condor.ds, LEADER_KEY, intervalMs, 'event log');
  }

  /** Brings the watched logs in line with the database: active jobs with an event log, by scheduler. */
  protected async refresh(): Promise<void> {
    const rows: { id: string; scheduler_id: string; attempt: number; path: string; offset: number | null; processes: ProcessState[] | null }[] =
      await this.condor.ds.query(
        `SELECT id, scheduler_id, attempt, runtime->>'eventLog' AS path, (runtime->>'eventLogOffset')::bigint AS offset,
                runtime->'processes' AS processes
         FROM jobs WHERE job_type = 'CONDOR' AND deleted_at IS NULL AND status = ANY($1) AND scheduler_id IS NOT NULL
           AND jsonb_typeof(runtime->'eventLog') = 'string'`,
        [TRACKED_STATUSES],
      );
    const schedulers = new Map((await this.condor.schedulers.list('condor')).map((s) => [s.id, s]));
    const seen = new Map<string, Set<string>>();
    for (const row of rows) {
      const scheduler = schedulers.get(String(row.scheduler_id));
      if (!scheduler) continue;
      const w = this.entry(scheduler, () => ({ scheduler, logs: new Map(), since: null, reading: null, lastError: null }));
      const id = String(row.id);
      const ids = seen.get(scheduler.id) ?? new Set<string>();
      seen.set(scheduler.id, ids.add(id));
      const known = w.logs.get(id);
      if (known && known.attempt === row.attempt && known.path === row.path && known.offset >= Number(row.offset ?? 0)) continue;
      w.logs.set(id, { jobId: id, attempt: row.attempt, path: row.path, offset: Number(row.offset ?? 0), processes: row.processes ?? [], fresh: true });
    }
    for (const [schedulerId, w] of this.watched) {
      const ids = seen.get(schedulerId);
      if (!ids) {
        if (!w.reading) this.watched.delete(schedulerId);
        continue;
      }
      for (const jobId of w.logs.keys()) if (!ids.has(jobId)) w.logs.delete(jobId);
    }
  }

  /** One command for all logs of a scheduler; status changes written with their offsets. */
  protected async read(w: WatchedLogs): Promise<void> {
    const logs = [...w.logs.values()];
    if (logs.length === 0) return;
    const runner = this.condor.runners.runner(w.scheduler);
    const read = await readIncrements(runner, logs.map((l) => ({ path: l.path, offset: l.offset, always: l.fresh })), w.since);
    w.since = read.now;
    const byPath = new Map(logs.map((l) => [l.path, l]));
    for (const l of logs) l.fresh = false;
    for (const path of read.deferred) byPath.get(path)!.fresh = true;
    const changed: { log: WatchedLog; status: BackendStatus }[] = [];
    for (const [path, data] of read.data) {
      const log = byPath.get(path);
      const parsed = log && parseEventLog(data, log.offset);
      if (!log || !parsed || parsed.events.length === 0) continue;
      const before = clusterStatus(log.processes);
      log.processes = applyEvents(log.processes, parsed.events);
      log.offset = parsed.offset;
      const after = clusterStatus(log.processes);
      // only a change the events themselves make is reported: replaying an old state could undo a newer action
      if (after && (after.code !== before?.code || after.message !== before?.message)) changed.push({ log, status: after });
    }
    await this.write(changed);
  }

  private async write(changed: { log: WatchedLog; status: BackendStatus }[]): Promise<void> {
    if (changed.length === 0) return;
    const rows = await this.condor.ds.query(`${JOB_SELECT} WHERE j.id = ANY($1)`, [changed.map((c) => c.log.jobId)]);
    const jobs = (rows as Record<string, unknown>[]).map(toJobEntity);
    const byId = new Map(jobs.map((j) => [j.id, j]));
    await eachLimited(changed, WRITE_CONCURRENCY, async ({ log, status }) => {
      const job = byId.get(log.jobId);
      if (job && job.attempt === log.attempt) {
        await this.condor.reporter.report(job, status, 'job event log', { eventLogOffset: log.offset, processes: log.processes });
      }
    });
  }
}
