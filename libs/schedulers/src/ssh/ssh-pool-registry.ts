import { SshPool, type SshPoolOptions } from './ssh-pool.js';
import { targetDigest, type SshTarget } from './ssh-target.js';

/**
 * One {@link SshPool} per scheduler for the whole process. A pool is keyed by
 * the scheduler id and a digest of its connection settings: when an
 * administrator changes the host, user, key or pinned fingerprint, the next
 * call gets a new pool and the old one is closed.
 */
export class SshPoolRegistry {
  private readonly pools = new Map<string, { digest: string; pool: SshPool }>();

  constructor(private readonly options: Partial<SshPoolOptions> = {}) {}

  pool(schedulerId: string, target: SshTarget): SshPool {
    const digest = targetDigest(target);
    const existing = this.pools.get(schedulerId);
    if (existing?.digest === digest) return existing.pool;
    void existing?.pool.close();
    const pool = new SshPool(target, this.options);
    this.pools.set(schedulerId, { digest, pool });
    return pool;
  }

  /** Closes the pool of a deleted scheduler. */
  async forget(schedulerId: string): Promise<void> {
    const existing = this.pools.get(schedulerId);
    this.pools.delete(schedulerId);
    await existing?.pool.close();
  }

  /** For shutdown: closes every pool. */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.pool.close()));
  }
}
