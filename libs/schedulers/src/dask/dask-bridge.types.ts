import type { ExitInfo } from './bridge-process.js';

/**
 * Wire types of the Dask bridge (`bridge.py`): JSON lines on the bridge's
 * stdin/stdout. Field names match the Python side exactly.
 */

/** A task state as the Dask scheduler reports it; `forgotten` = the scheduler has nothing to compute or return. */
export type DaskTaskState =
  | 'released'
  | 'waiting'
  | 'queued'
  | 'no-worker'
  | 'processing'
  | 'memory'
  | 'erred'
  | 'forgotten';

/** How a task ended, as pushed by the bridge's done callbacks. */
export type DaskEndState = 'finished' | 'erred' | 'cancelled' | 'lost';

export interface DaskTransitionEvent {
  address: string;
  key: string;
  state: DaskEndState;
  /** `repr()` of the exception, for `erred`. */
  exception?: string;
  traceback?: string;
  /** Why, for `lost`. */
  message?: string;
}

export interface DaskSubmitRequest {
  address: string;
  /** Deterministic task key: submitting the same key again adopts the existing task. */
  key: string;
  /** `package.module:function`, importable on the workers (not needed in the bridge). */
  callable: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  /** Worker resources the task needs, e.g. `{ GPU: 1 }`. */
  resources?: Record<string, number>;
  /** Higher runs first. */
  priority?: number;
  /** Automatic retries after a failure. */
  retries?: number;
}

export interface DaskSubmitResult {
  key: string;
  /** True when the scheduler already had this key (an earlier submission was adopted). */
  existing: boolean;
  previousState: DaskTaskState;
}

export interface DaskTrackResult {
  tracked: string[];
  /** Keys the scheduler no longer has; a `lost` transition was emitted for each. */
  lost: string[];
}

export interface DaskTaskInfo {
  state: DaskTaskState;
  /** Still published under its key (kept alive independently of any client). */
  published: boolean;
  /** Automatic retries left. */
  retries?: number;
  /** Worker address while `processing`. */
  worker?: string;
  /** Times a worker died while running it (the scheduler then ran it again). */
  reruns?: number;
  exception?: string;
  traceback?: string;
}

export interface DaskResultRequest {
  address: string;
  key: string;
  /** Largest JSON result returned inline (default 65536 bytes). */
  maxInlineBytes?: number;
  /** Where a larger or non-JSON result is written (JSON, else pickle). */
  filePath?: string;
  /**
   * `package.module:function` run on the cluster with the task's result as its
   * argument; its return value is what comes back. Failures are `ProcessingFailed`.
   */
  processWith?: string;
}

export type DaskResult =
  | ({ state: 'finished'; inline: true; value: unknown } & DaskRunInfo)
  | ({
      state: 'finished';
      inline: false;
      path: string;
      format: 'json' | 'pickle';
      bytes: number;
      /** e.g. `builtins.set`. */
      pythonType: string;
    } & DaskRunInfo)
  | { state: 'erred'; exception: string; traceback: string };

export interface DaskRunInfo {
  /** Times a worker died while running the task (the scheduler then ran it again). */
  reruns?: number;
}

export interface DaskCancelResult {
  /** False when the scheduler did not know the key. */
  cancelled: boolean;
  previousState: DaskTaskState;
  /** Dask cannot stop a running task: its worker thread runs on until the function returns. */
  mayStillRun: boolean;
}

export interface DaskLogs {
  /** Oldest line first. */
  scheduler: string;
  /** Worker address → its log, oldest line first. */
  workers: Record<string, string>;
}

export interface DaskPing {
  pong: true;
  pid: number;
  /** Version of `distributed` the bridge runs. */
  distributed: string;
  /** Workers connected to the scheduler, when an address was given. */
  workers?: number;
}

/** Error types the bridge reports, plus those raised on this side. */
export type DaskBridgeErrorType =
  | 'BadRequest'
  | 'ConnectionError'
  | 'NotFound'
  | 'NotFinished'
  | 'ProcessingFailed'
  | 'Timeout'
  | 'Unserialisable'
  | 'BridgeExited'
  | 'NotStarted'
  | 'InvalidSettings'
  | (string & {});

export class DaskBridgeError extends Error {
  constructor(
    readonly type: DaskBridgeErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'DaskBridgeError';
  }
}

export interface DaskBridgeOptions {
  /** Interpreter with Debian's `python3-distributed` (default `/usr/bin/python3`). */
  python?: string;
  /** Path of `bridge.py` (default: found in the source tree). */
  script?: string;
  /** Default per-request timeout (default 20 s). */
  requestTimeoutMs?: number;
  /** Longest wait between two restarts of a bridge that keeps dying (default 10 s). */
  maxRestartDelayMs?: number;
}

/** How the bridge's client connects to one scheduler; applies from its first connection. */
export interface ConnectionOptions {
  /** Interval of the client's heartbeats to the scheduler (Dask's default when absent). */
  heartbeatIntervalMs?: number;
}

export interface RequestOptions {
  /** Overall time for this request; the bridge gets 80% of it to reach the scheduler. */
  timeoutMs?: number;
}

export interface DaskBridgeEvents {
  /** A tracked task ended (pushed by Dask done callbacks; at least once per key). */
  transition: [DaskTransitionEvent];
  /** The bridge process died and a new one took over; tracked keys are being re-attached. */
  restart: [{ pid: number; previousExit: ExitInfo }];
  /** A diagnostic line (the bridge's stderr, restart problems). */
  log: [string];
}
