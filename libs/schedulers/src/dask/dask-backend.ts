import { EventEmitter } from 'node:events';
import { Batcher } from '../../../batching/src/index.js';
import type { SchedulerEntity } from '../../../persistence/src/index.js';
import { DaskBridge } from './dask-bridge.js';
import {
  DaskBridgeError, type DaskBridgeOptions, type DaskCancelResult, type DaskLogs, type DaskResult, type DaskResultRequest, type DaskSubmitRequest,
  type DaskSubmitResult, type DaskTransitionEvent,
} from './dask-bridge.types.js';
import { daskJobKey, parseDaskJobKey } from './dask-job-key.js';
import { daskConnectionSettings, type DaskConnectionSettings } from './dask-scheduler-settings.js';
import { reportOfEvent, reportOfState, type DaskReport } from './dask-status.js';
import { DaskTunnels } from './dask-tunnels.js';

/** What a DASK job runs: the request fields of the job. */
export interface DaskTask {
  /** `package.module:function`, importable on the Dask workers. */
  callable: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  resources?: Record<string, number>;
  priority?: number;
  retries?: number;
}

/** A task of this deployment ended (pushed by the bridge). */
export interface DaskTaskEnd {
  jobId: string;
  attempt: number;
  key: string;
  report: DaskReport;
}

export interface DaskResultOptions {
  /** Where a large or non-JSON result is written. */
  filePath: string;
  maxInlineBytes: number;
  /** Results-processing callable run on the cluster first. */
  processWith?: string;
  timeoutMs?: number;
}

/** A request and how long its caller waits: a batch waits as long as its most patient request. */
interface Timed<T> {
  value: T;
  timeoutMs: number;
}

const longest = (items: Timed<unknown>[]) => ({ timeoutMs: Math.max(...items.map((i) => i.timeoutMs)) });
type SubmitTask = Omit<DaskSubmitRequest, 'address'>;
type ResultRead = Omit<DaskResultRequest, 'address'>;

/** Batches in flight per scheduler and operation: later requests join the next batch. */
const IN_FLIGHT = 1;

export interface DaskBackendEvents {
  ended: [DaskTaskEnd];
  log: [string];
}

/**
 * DASK jobs on Dask clusters, through one long-lived bridge per process.
 *
 * Not a {@link JobBackend}: Dask cannot hold or release (pause) a task, its
 * status is pushed by done callbacks rather than read from files, and its
 * result is a value to store (inline or as one file), not outputs to copy.
 * Forcing that interface would mean stubs that throw and a result smuggled
 * through the file system.
 */
export class DaskBackend extends EventEmitter<DaskBackendEvents> {
  private readonly bridge: DaskBridge;
  /** Submits, result reads and releases of a busy scheduler go in batches: a few scheduler round trips each, not per job. */
  private readonly submits: Batcher<Timed<SubmitTask>, DaskSubmitResult>;
  private readonly results: Batcher<Timed<ResultRead>, DaskResult>;
  private readonly releases: Batcher<Timed<string>, true>;
  private readonly tunnels: DaskTunnels | undefined;

  /**
   * `namespace` keeps the task keys of deployments sharing a cluster apart;
   * `secretsKey` decrypts the credentials of schedulers reached through SSH.
   */
  constructor(
    readonly namespace: string,
    options: DaskBridgeOptions & { secretsKey?: Buffer } = {},
  ) {
    super();
    const { secretsKey, ...bridgeOptions } = options;
    this.bridge = new DaskBridge(bridgeOptions);
    this.submits = new Batcher<Timed<SubmitTask>, DaskSubmitResult>(
      (address, items) => this.bridge.submitMany(address, items.map((i) => i.value), longest(items)),
      { maxBatch: 200, maxInFlight: IN_FLIGHT },
    );
    this.results = new Batcher<Timed<ResultRead>, DaskResult>(
      (address, items) => this.bridge.resultMany(address, items.map((i) => i.value), longest(items)),
      { maxBatch: 100, maxInFlight: IN_FLIGHT },
    );
    this.releases = new Batcher<Timed<string>, true>(async (address, items) => {
      await this.bridge.releaseMany(address, items.map((i) => i.value), longest(items));
      return items.map(() => true as const);
    }, { maxBatch: 500, maxInFlight: IN_FLIGHT });
    this.tunnels = secretsKey ? new DaskTunnels(secretsKey) : undefined;
    this.bridge.on('transition', (event) => this.onTransition(event));
    this.bridge.on('log', (line) => this.emit('log', line));
  }

  start(): Promise<void> {
    return this.bridge.start();
  }

  async close(): Promise<void> {
    await this.bridge.close();
    await this.tunnels?.close();
  }

  keyOf(jobId: string, attempt: number): string {
    return daskJobKey(this.namespace, jobId, attempt);
  }

  /** Submits under `key`, or adopts the task an earlier submission of that key left (then `existing`). */
  async submit(scheduler: SchedulerEntity, key: string, task: DaskTask): Promise<DaskSubmitResult> {
    const { address, timeoutMs } = await this.connect(scheduler);
    return this.submits.add(address, { value: { key, ...task }, timeoutMs });
  }

  /**
   * States of many tasks of one scheduler in one call. Live tasks this
   * process does not follow yet (submitted by a process that died, or before
   * a restart) are tracked again, so their end is pushed from now on.
   */
  async states(scheduler: SchedulerEntity, keys: string[]): Promise<Map<string, DaskReport>> {
    const { address, timeoutMs } = await this.connect(scheduler);
    const infos = await this.bridge.states(address, keys, { timeoutMs });
    const followed = new Set(this.bridge.trackedKeys(address));
    const untracked = keys.filter((key) => !followed.has(key) && infos[key] && infos[key].state !== 'forgotten');
    if (untracked.length) await this.bridge.track(address, untracked, { timeoutMs });
    return new Map(keys.filter((key) => infos[key]).map((key) => [key, reportOfState(infos[key])]));
  }

  async result(scheduler: SchedulerEntity, key: string, options: DaskResultOptions): Promise<DaskResult> {
    const { address, timeoutMs } = await this.connect(scheduler);
    const { filePath, maxInlineBytes, processWith } = options;
    return this.results.add(address, { value: { key, filePath, maxInlineBytes, processWith }, timeoutMs: options.timeoutMs ?? timeoutMs });
  }

  async cancel(scheduler: SchedulerEntity, key: string): Promise<DaskCancelResult> {
    const { address, timeoutMs } = await this.connect(scheduler);
    return this.bridge.cancel(address, key, { timeoutMs });
  }

  /** Lets the cluster drop the task and its result. */
  async release(scheduler: SchedulerEntity, key: string): Promise<void> {
    const { address, timeoutMs } = await this.connect(scheduler);
    await this.releases.add(address, { value: key, timeoutMs });
  }

  async logs(scheduler: SchedulerEntity): Promise<DaskLogs> {
    const { address, timeoutMs } = await this.connect(scheduler);
    return this.bridge.logs(address, { timeoutMs });
  }

  /** The address the bridge uses for a scheduler: its own, or the local end of its SSH tunnel. */
  private async connect(scheduler: SchedulerEntity): Promise<{ address: string; timeoutMs: number }> {
    let settings: DaskConnectionSettings;
    try {
      settings = daskConnectionSettings(scheduler);
    } catch (err) {
      throw new DaskBridgeError('InvalidSettings', (err as Error).message);
    }
    const address = settings.sshTunnel ? await this.tunnelAddress(scheduler, settings) : settings.address;
    this.bridge.configure(address, { heartbeatIntervalMs: settings.heartbeatIntervalMs });
    return { address, timeoutMs: settings.timeoutMs };
  }

  private async tunnelAddress(scheduler: SchedulerEntity, settings: DaskConnectionSettings): Promise<string> {
    if (!this.tunnels) throw new DaskBridgeError('InvalidSettings', `Dask scheduler "${scheduler.name}" needs an SSH tunnel, and no secrets key was given`);
    return this.tunnels.address(scheduler, settings).catch((err: Error) => {
      const via = `${scheduler.username}@${settings.sshTunnel!.host}:${settings.sshTunnel!.port}`;
      throw new DaskBridgeError('ConnectionError', `cannot reach the Dask scheduler at ${settings.address} through ${via}: ${err.message}`);
    });
  }

  private onTransition(event: DaskTransitionEvent): void {
    const job = parseDaskJobKey(this.namespace, event.key);
    if (job) this.emit('ended', { ...job, key: event.key, report: reportOfEvent(event) });
  }
}
