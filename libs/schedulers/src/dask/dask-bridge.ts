import { EventEmitter } from 'node:events';
import { BridgeProcess, type ExitInfo } from './bridge-process.js';
import { itemReplies, only, type ManyReply } from './bridge-replies.js';
import { RestartBackoff, TrackedKeys } from './bridge-state.js';
import {
  type ConnectionOptions, DaskBridgeError, type DaskBridgeEvents, type DaskBridgeOptions, type DaskCancelResult, type DaskLogs,
  type DaskPing, type DaskResult, type DaskResultRequest, type DaskSubmitRequest, type DaskSubmitResult, type DaskTaskInfo,
  type DaskTrackResult, type DaskTransitionEvent, type RequestOptions,
} from './dask-bridge.types.js';
import { sourceFile } from './source-file.js';

/**
 * Client of the long-lived Python Dask bridge (`bridge.py`). Restarts the
 * bridge when it dies and re-attaches every key it was tracking, so a
 * transition is never missed because of a restart. Keys are tracked from a
 * successful submit/track until release, cancel, or a `lost` event.
 */
export class DaskBridge extends EventEmitter<DaskBridgeEvents> {
  private readonly python: string;
  private readonly script: string;
  private readonly requestTimeoutMs: number;
  private readonly backoff: RestartBackoff;
  private readonly tracked = new TrackedKeys();
  private readonly connectionOptions = new Map<string, ConnectionOptions>();
  private process: BridgeProcess | undefined;
  private closing = false;
  /** Set once the first bridge is ready: only then are deaths restarted. */
  private started = false;
  private timers = new Set<NodeJS.Timeout>();

  constructor(options: DaskBridgeOptions = {}) {
    super();
    this.python = options.python ?? '/usr/bin/python3';
    this.script = options.script ?? sourceFile('libs/schedulers/src/dask/bridge.py');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
    this.backoff = new RestartBackoff(options.maxRestartDelayMs ?? 10_000);
  }

  /** Starts the bridge and waits until it is ready (Python imports take ~0.5 s). */
  async start(): Promise<void> {
    if (this.process) return;
    this.closing = false;
    try {
      await this.spawn().ready;
      this.started = true;
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** PID of the running bridge process, if any. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Sets how the client of `address` connects; call before the first request to it. */
  configure(address: string, options: ConnectionOptions): void {
    this.connectionOptions.set(address, options);
  }

  /** Keys currently tracked on one scheduler. */
  trackedKeys(address: string): string[] {
    return this.tracked.of(address);
  }

  ping(address?: string, options?: RequestOptions): Promise<DaskPing> {
    return this.call('ping', address ? { address } : {}, options);
  }

  async submit(request: DaskSubmitRequest, options?: RequestOptions): Promise<DaskSubmitResult> {
    const { address, ...task } = request;
    return only(await this.submitMany(address, [task], options));
  }

  /**
   * Submits many tasks to one scheduler in one request (a few scheduler round
   * trips for all). Each task gets its own result or error.
   */
  async submitMany(address: string, tasks: Omit<DaskSubmitRequest, 'address'>[], options?: RequestOptions): Promise<(DaskSubmitResult | DaskBridgeError)[]> {
    const results = itemReplies(await this.call<ManyReply<DaskSubmitResult>>('submit_many', { address, tasks }, options));
    for (const result of results) if (!(result instanceof DaskBridgeError)) this.tracked.add(address, result.key);
    return results;
  }

  /** Re-attaches to keys submitted earlier (e.g. by another process); their end is then reported. */
  async track(address: string, keys: string[], options?: RequestOptions): Promise<DaskTrackResult> {
    const result = await this.call<DaskTrackResult>('track', { address, keys }, options);
    for (const key of result.tracked) this.tracked.add(address, key);
    return result;
  }

  /** States of many keys in one scheduler call. */
  async states(address: string, keys: string[], options?: RequestOptions): Promise<Record<string, DaskTaskInfo>> {
    return (await this.call<{ states: Record<string, DaskTaskInfo> }>('states', { address, keys }, options)).states;
  }

  async result(request: DaskResultRequest, options?: RequestOptions): Promise<DaskResult> {
    const { address, ...rest } = request;
    return only(await this.resultMany(address, [rest], options));
  }

  /** Results of many tasks of one scheduler in one request; each gets its own result or error. */
  async resultMany(address: string, requests: Omit<DaskResultRequest, 'address'>[], options?: RequestOptions): Promise<(DaskResult | DaskBridgeError)[]> {
    return itemReplies(await this.call<ManyReply<DaskResult>>('result_many', { address, requests }, options));
  }

  /** Stops keeping the key (and its result) alive on the cluster. */
  async release(address: string, key: string, options?: RequestOptions): Promise<void> {
    await this.releaseMany(address, [key], options);
  }

  /** Releases many keys of one scheduler in one scheduler call. */
  async releaseMany(address: string, keys: string[], options?: RequestOptions): Promise<void> {
    await this.call('release_many', { address, keys }, options);
    for (const key of keys) this.tracked.delete(address, key);
  }

  async cancel(address: string, key: string, options?: RequestOptions): Promise<DaskCancelResult> {
    const result = await this.call<DaskCancelResult>('cancel', { address, key }, options);
    this.tracked.delete(address, key);
    return result;
  }

  /** Runs an erred task again under the same key. */
  async retry(address: string, key: string, options?: RequestOptions): Promise<void> {
    await this.call('retry', { address, key }, options);
    this.tracked.add(address, key);
  }

  logs(address: string, options?: RequestOptions): Promise<DaskLogs> {
    return this.call('logs', { address }, options);
  }

  /** Stops the bridge; the tasks it submitted keep running on the cluster. */
  async close(): Promise<void> {
    this.closing = true;
    this.started = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.process?.stop(5_000);
    this.process = undefined;
  }

  private async call<T>(op: string, params: object, options?: RequestOptions): Promise<T> {
    if (!this.process || this.closing) throw new DaskBridgeError('NotStarted', 'DaskBridge is not started (call start())');
    const timeoutMs = options?.timeoutMs ?? this.requestTimeoutMs;
    const timeout = Math.max(0.5, (timeoutMs * 0.8) / 1000);
    const address = (params as { address?: string }).address;
    const heartbeatInterval = address === undefined ? undefined : this.connectionOptions.get(address)?.heartbeatIntervalMs;
    return (await this.process.request(op, { ...params, timeout, heartbeatInterval }, timeoutMs)) as T;
  }

  private spawn(): BridgeProcess {
    const proc = new BridgeProcess(this.python, this.script, {
      event: (message) => this.onEvent(message),
      log: (line) => this.emit('log', line),
    });
    this.process = proc;
    void proc.exited.then((info) => this.onExit(proc, info));
    return proc;
  }

  private onEvent(message: Record<string, unknown>): void {
    if (message.event !== 'transition') return;
    const { event: _event, ...transition } = message;
    const event = transition as unknown as DaskTransitionEvent;
    if (event.state === 'lost' || event.state === 'cancelled') this.tracked.delete(event.address, event.key);
    this.emit('transition', event);
  }

  private onExit(proc: BridgeProcess, info: ExitInfo): void {
    if (this.closing || !this.started || this.process !== proc) return;
    this.emit('log', `Dask bridge exited (code ${info.code}, signal ${info.signal}); restarting`);
    // Restart at once (requests meanwhile queue in the new process's stdin); back off if it keeps dying.
    const delay = this.backoff.next(proc.upForMs());
    const restart = () => {
      const next = this.spawn();
      next.ready.then(
        (pid) => {
          this.emit('restart', { pid, previousExit: info });
          for (const address of this.tracked.addresses()) this.retrack(next, address, 0);
        },
        () => undefined, // its exit schedules the next attempt
      );
    };
    if (delay === 0) restart();
    else this.later(delay, async () => restart());
  }

  /** Re-attaches the keys tracked on one scheduler, retrying while it is unreachable. */
  private retrack(proc: BridgeProcess, address: string, attempt: number): void {
    const keys = this.trackedKeys(address);
    if (keys.length === 0 || this.closing || this.process !== proc) return;
    this.track(address, keys).catch((err: Error) => {
      this.emit('log', `re-tracking ${keys.length} keys on ${address} failed: ${err.message}`);
      this.later(Math.min(500 * 2 ** attempt, 30_000), async () => this.retrack(proc, address, attempt + 1));
    });
  }

  private later(ms: number, fn: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closing) void fn();
    }, ms);
    this.timers.add(timer);
  }
}
