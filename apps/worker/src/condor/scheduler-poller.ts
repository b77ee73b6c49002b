import { Logger } from '@nestjs/common';

/** Guarded status writes in flight at once while applying what a poll or an event log found. */
export const WRITE_CONCURRENCY = 8;
/** Polls in a row that must miss a cluster before its job is an Error: it may be between queue and history. */
const MISSES_BEFORE_ERROR = 2;

/**
 * A batched status poll per scheduler (a singleton repeatable queue entry
 * each): never two polls of one scheduler at once, and a count per job of
 * the polls in a row that missed its cluster.
 */
export abstract class SchedulerPoller {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly running = new Set<string>();
  /** Per scheduler: job id → polls in a row that missed its cluster. */
  protected readonly misses = new Map<string, Map<string, number>>();

  async poll(schedulerId: string): Promise<void> {
    if (this.running.has(schedulerId)) return; // the previous poll of this scheduler is still going
    this.running.add(schedulerId);
    try {
      await this.pollOnce(schedulerId);
    } finally {
      this.running.delete(schedulerId);
    }
  }

  protected abstract pollOnce(schedulerId: string): Promise<void>;

  /** Records the `count`th miss in a row of a job; true once that is enough to report its cluster gone. */
  protected gone(jobId: string, count: number, misses: Map<string, number>): boolean {
    if (count >= MISSES_BEFORE_ERROR) return true;
    misses.set(jobId, count);
    return false;
  }
}
