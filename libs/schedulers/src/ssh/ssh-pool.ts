import type { Duplex } from 'node:stream';
import type { ExecResult } from '../runner/command-runner.js';
import { SftpSession } from './sftp-session.js';
import type { ConnectionTimings } from './ssh-connect-config.js';
import { SshConnection } from './ssh-connection.js';
import { describeTarget, SshError } from './ssh-errors.js';
import type { SshTarget } from './ssh-target.js';

export interface SshPoolOptions extends ConnectionTimings {
  /** Connections kept to one scheduler at most. */
  maxConnections: number;
  /** Channels (commands, SFTP sessions, tunnels) per connection; OpenSSH's MaxSessions defaults to 10. */
  maxChannelsPerConnection: number;
  /** A connection with no open channel for this long is closed. */
  idleTimeoutMs: number;
  /** How long a caller waits for a free channel before giving up. */
  acquireTimeoutMs: number;
}

export const DEFAULT_POOL_OPTIONS: SshPoolOptions = {
  maxConnections: 4,
  maxChannelsPerConnection: 8,
  idleTimeoutMs: 60_000,
  acquireTimeoutMs: 60_000,
  connectTimeoutMs: 15_000,
  keepaliveIntervalMs: 15_000,
};

/** A connection being opened or open, with the channels in use on it. */
interface Slot {
  ready: Promise<SshConnection>;
  connection?: SshConnection;
  busy: number;
  idleTimer?: NodeJS.Timeout;
}

/**
 * A bounded pool of SSH connections to one scheduler, shared by all of its
 * jobs. Channels are packed onto open connections before a new one is
 * opened; connections that close (server restart, network loss, keepalive
 * timeout) leave the pool and are replaced on demand; idle ones are closed.
 * A command whose channel could not be opened because its connection had
 * just died is retried once on a fresh connection (it never started).
 */
export class SshPool {
  private readonly options: SshPoolOptions;
  private readonly slots: Slot[] = [];
  private waiters: (() => void)[] = [];
  private closed = false;
  private opened = 0;

  constructor(
    readonly target: SshTarget,
    options: Partial<SshPoolOptions> = {},
  ) {
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  /** Runs a command on a pooled connection; see {@link SshConnection.exec} for timeouts. */
  exec(command: string, options: { timeoutMs?: number; input?: string | Buffer } = {}): Promise<ExecResult> {
    return this.withConnection((connection) => connection.exec(command, options.timeoutMs, options.input));
  }

  /** Runs `fn` with an SFTP session that is closed when `fn` settles. */
  withSftp<T>(fn: (sftp: SftpSession) => Promise<T>): Promise<T> {
    return this.withConnection(async (connection) => {
      const session = new SftpSession(await connection.sftp(), describeTarget(this.target));
      try {
        return await fn(session);
      } finally {
        session.end();
      }
    });
  }

  /** A tunnel to `host:port` as seen from the server; it holds a channel until the stream closes. */
  async forwardOut(host: string, port: number): Promise<Duplex> {
    for (let attempt = 1; ; attempt++) {
      const slot = await this.acquire();
      const connection = slot.connection!;
      try {
        const stream = await connection.forwardOut(host, port);
        stream.once('close', () => this.release(slot));
        return stream;
      } catch (err) {
        this.release(slot);
        if (!isStale(err, connection) || attempt > 1) throw err;
      }
    }
  }

  /** Connections open or being opened, channels in use, and connections opened so far. */
  stats(): { connections: number; busyChannels: number; connectionsOpened: number } {
    const busyChannels = this.slots.reduce((sum, s) => sum + s.busy, 0);
    return { connections: this.slots.length, busyChannels, connectionsOpened: this.opened };
  }

  /** Closes every connection; later calls fail with `closed`. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    this.wakeWaiters();
    await Promise.all(
      slots.map(async (slot) => {
        clearTimeout(slot.idleTimer);
        (await slot.ready.catch(() => undefined))?.close();
      }),
    );
  }

  private async withConnection<T>(fn: (connection: SshConnection) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const slot = await this.acquire();
      const connection = slot.connection!;
      try {
        return await fn(connection);
      } catch (err) {
        if (!isStale(err, connection) || attempt > 1) throw err;
      } finally {
        this.release(slot);
      }
    }
  }

  private async acquire(): Promise<Slot> {
    const deadline = Date.now() + this.options.acquireTimeoutMs;
    for (;;) {
      if (this.closed) throw new SshError('closed', `the SSH pool for ${describeTarget(this.target)} is closed`);
      const slot = this.freeSlot() ?? this.openSlot();
      if (slot) {
        slot.busy++;
        clearTimeout(slot.idleTimer);
        try {
          slot.connection = await slot.ready;
          return slot;
        } catch (err) {
          slot.busy--;
          throw err;
        }
      }
      await this.waitForRelease(deadline);
    }
  }

  private freeSlot(): Slot | undefined {
    const inUse = (s: Slot) => s.busy + (s.connection?.lingeringChannels ?? 0);
    const usable = this.slots.filter((s) => inUse(s) < this.options.maxChannelsPerConnection && !s.connection?.closed);
    return usable.sort((a, b) => inUse(b) - inUse(a))[0]; // pack channels: keep the number of connections low
  }

  private openSlot(): Slot | undefined {
    if (this.slots.length >= this.options.maxConnections) return undefined;
    const slot: Slot = { busy: 0, ready: SshConnection.open(this.target, this.options) };
    this.opened++;
    this.slots.push(slot);
    slot.ready.then(
      (connection) => connection.onClose(() => this.drop(slot)),
      () => this.drop(slot),
    );
    return slot;
  }

  private release(slot: Slot): void {
    slot.busy--;
    if (slot.busy === 0 && this.slots.includes(slot)) {
      slot.idleTimer = setTimeout(() => {
        this.drop(slot);
        slot.connection?.close();
      }, this.options.idleTimeoutMs);
      slot.idleTimer.unref();
    }
    this.wakeWaiters();
  }

  private drop(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    this.wakeWaiters();
  }

  private waitForRelease(deadline: number): Promise<void> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const limit = this.options.maxConnections * this.options.maxChannelsPerConnection;
      return Promise.reject(new SshError('timeout', `no free SSH channel to ${describeTarget(this.target)} (all ${limit} in use)`));
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, remaining);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wakeWaiters(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** The channel never opened because its connection had died: safe to retry on a fresh one. */
function isStale(err: unknown, connection: SshConnection): boolean {
  return err instanceof SshError && err.failure === 'channel_failed' && connection.closed;
}
