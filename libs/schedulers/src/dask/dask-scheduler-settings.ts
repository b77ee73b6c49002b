import type { SchedulerEntity } from '../../../persistence/src/index.js';

/**
 * Settings of a `dask` scheduler row (its `settings` JSON); the row's `host`
 * holds the scheduler address, `tcp://host:port`. Names follow Tethys'
 * DaskScheduler, where 0 means "Dask's default".
 */
export interface DaskSchedulerSettings {
  /** Seconds to wait for the scheduler: connecting, and each request. */
  timeout?: number;
  /** Milliseconds between the client's heartbeats to the scheduler. */
  heartbeatInterval?: number;
  /** The scheduler's dashboard, for people (nothing here reads it). */
  dashboardUrl?: string;
  /**
   * Reach the scheduler through this SSH server (ssh2 `forwardOut`): `host`
   * is then the address as seen from there. The row's `username`, secret and
   * pinned host key are the SSH server's.
   */
  sshTunnel?: { host: string; port: number };
}

/** Used when a scheduler has no timeout of its own. */
export const DEFAULT_DASK_TIMEOUT_MS = 10_000;

const ADDRESS = /^tcp:\/\/[^\s/:]+:(\d{1,5})$/;

/** Checks a scheduler address; returns the problem, or null when it is usable. */
export function daskAddressProblem(address: string): string | null {
  const match = ADDRESS.exec(address);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > 65535) return 'must look like tcp://host:port';
  return null;
}

/** Host and port of a `tcp://host:port` address. */
export function splitDaskAddress(address: string): { host: string; port: number } {
  const url = new URL(address.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port) };
}

export interface DaskConnectionSettings {
  address: string;
  timeoutMs: number;
  heartbeatIntervalMs?: number;
  sshTunnel?: { host: string; port: number };
}

/** The connection settings of a `dask` scheduler row. */
export function daskConnectionSettings(scheduler: SchedulerEntity): DaskConnectionSettings {
  if (scheduler.kind !== 'dask') throw new Error(`scheduler "${scheduler.name}" is a ${scheduler.kind} scheduler, not a Dask one`);
  const address = scheduler.host ?? '';
  const problem = daskAddressProblem(address);
  if (problem) throw new Error(`Dask scheduler "${scheduler.name}": its address "${address}" ${problem}`);
  const settings = scheduler.settings as DaskSchedulerSettings;
  const timeout = Number(settings.timeout ?? 0);
  const heartbeat = Number(settings.heartbeatInterval ?? 0);
  return {
    address,
    timeoutMs: timeout > 0 ? timeout * 1000 : DEFAULT_DASK_TIMEOUT_MS,
    heartbeatIntervalMs: heartbeat > 0 ? heartbeat : undefined,
    sshTunnel: settings.sshTunnel,
  };
}
