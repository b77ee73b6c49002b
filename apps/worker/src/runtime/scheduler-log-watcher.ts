import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import { LeaderLock } from './leader-lock.js';

/** The set of watched logs is re-read from the database this often (new submissions, finished jobs). */
const REFRESH_MS = 1000;

/** What is watched on one scheduler. */
export interface WatchedScheduler {
  scheduler: SchedulerEntity;
  /** The scheduler host's clock at the previous read. */
  since: number | null;
  reading: Promise<void> | null;
  lastError: string | null;
}

/**
 * The loop shared by the event-log push paths: every interval, on the one
 * replica holding the advisory lock, the set of watched logs is refreshed
 * from the database (at most every second), then each scheduler's logs are
 * read; a slow or unreachable scheduler never holds up the others.
 */
export abstract class SchedulerLogWatcher<W extends WatchedScheduler> {
  protected readonly logger: Logger;
  protected readonly watched = new Map<string, W>();
  private readonly leader: LeaderLock;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private lastRefresh = 0;
  private stopped = false;

  constructor(
    ds: DataSource,
    leaderKey: number,
    private readonly intervalMs: number,
    private readonly what: string,
  ) {
    this.logger = new Logger(new.target.name);
    this.leader = new LeaderLock(ds, leaderKey);
  }

  /** Brings `watched` in line with the database. */
  protected abstract refresh(): Promise<void>;

  /** One read of everything watched on one scheduler; throws what should be logged. */
  protected abstract read(w: W): Promise<void>;

  start(): void {
    if (this.intervalMs === 0) return;
    const loop = () => {
      this.ticking = this.tick()
        .catch((err: Error) => this.logger.warn(`${this.what} watch: ${err.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.watched.values()].map((w) => w.reading));
    await this.leader.release();
  }

  /** The entry of a scheduler, made on first sight, with the latest row. */
  protected entry(scheduler: SchedulerEntity, make: () => W): W {
    let w = this.watched.get(scheduler.id);
    if (!w) this.watched.set(scheduler.id, (w = make()));
    w.scheduler = scheduler;
    return w;
  }

  private async tick(): Promise<void> {
    if (!(await this.leader.lead())) {
      this.watched.clear(); // another replica reads; start afresh if this one takes over
      return;
    }
    if (Date.now() - this.lastRefresh >= REFRESH_MS) {
      this.lastRefresh = Date.now();
      await this.refresh();
    }
    for (const w of this.watched.values()) w.reading ??= this.readLogged(w).finally(() => (w.reading = null));
  }

  /** A failure is logged once until it changes or the reads recover. */
  private async readLogged(w: W): Promise<void> {
    try {
      await this.read(w);
      w.lastError = null;
    } catch (err) {
      const message = (err as Error).message;
      if (message !== w.lastError) this.logger.warn(`reading ${this.what}s on scheduler "${w.scheduler.name}": ${message}`);
      w.lastError = message;
    }
  }
}
