import { DataSource, QueryRunner } from 'typeorm';

/**
 * A PostgreSQL session advisory lock that makes one worker replica the
 * leader of a background task (e.g. reading event logs): the others stand
 * by and take over when the leader's connection goes away.
 */
export class LeaderLock {
  private runner: QueryRunner | null = null;
  private held = false;

  constructor(
    private readonly ds: DataSource,
    private readonly key: number,
  ) {}

  /** Whether this process leads; tries to become the leader when it does not. */
  async lead(): Promise<boolean> {
    try {
      if (!this.runner) {
        this.runner = this.ds.createQueryRunner();
        await this.runner.connect();
      }
      if (this.held) {
        await this.runner.query('SELECT 1'); // the lock lives as long as this session
        return true;
      }
      const [{ locked }] = await this.runner.query('SELECT pg_try_advisory_lock($1) AS locked', [this.key]);
      this.held = locked === true;
      return this.held;
    } catch {
      await this.release();
      return false;
    }
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    // Unlock before the connection goes back to the pool: a session lock outlives the query runner.
    if (this.held) await runner.query('SELECT pg_advisory_unlock($1)', [this.key]).catch(() => undefined);
    this.held = false;
    await runner.release().catch(() => undefined);
  }
}
