/** Keys followed on each scheduler, from a successful submit or track until released, cancelled or lost. */
export class TrackedKeys {
  private readonly byAddress = new Map<string, Set<string>>();

  add(address: string, key: string): void {
    let keys = this.byAddress.get(address);
    if (!keys) this.byAddress.set(address, (keys = new Set()));
    keys.add(key);
  }

  delete(address: string, key: string): void {
    this.byAddress.get(address)?.delete(key);
  }

  of(address: string): string[] {
    return [...(this.byAddress.get(address) ?? [])];
  }

  addresses(): string[] {
    return [...this.byAddress.keys()];
  }
}

/**
 * Delay before restarting a bridge that died: none after a bridge that
 * stayed up `stableMs`, then doubling from 250 ms up to `maxMs` while it
 * keeps dying.
 */
export class RestartBackoff {
  private quickRestarts = 0;

  constructor(
    private readonly maxMs: number,
    private readonly stableMs = 30_000,
  ) {}

  next(upForMs: number): number {
    if (upForMs >= this.stableMs) this.quickRestarts = 0;
    const delay = this.quickRestarts === 0 ? 0 : Math.min(250 * 2 ** (this.quickRestarts - 1), this.maxMs);
    this.quickRestarts++;
    return delay;
  }
}
