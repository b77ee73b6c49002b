import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { WorkerConfig } from '../../../../libs/config/src/index.js';
import { LogsRequestItem, QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import { createDataSource, OutboxRepository, SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';
import { buildModules } from '../job-type-modules.js';
import { ActionRunner } from './action-runner.js';
import { waitForDependencies } from './dependencies.js';
import { startHealthServer } from './health-server.js';
import type { JobTypeModule } from './job-type-module.js';
import { OutboxRelay } from './outbox-relay.js';
import { WorkerMetrics } from './worker-metrics.js';

/** Poll schedules are re-upserted this often at least (upserting keeps each poll's next run time). */
const POLL_SYNC_MIN_MS = 5000;

/**
 * Boot order: config → PostgreSQL and Redis healthy → modules validated →
 * consumers, relay and scheduler polls started. Shutdown in reverse, bounded.
 */
@Injectable()
export class WorkerRuntime implements OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly abort = new AbortController();
  private readonly metrics = new WorkerMetrics();
  private readonly queues: QueueGateway;
  private ds: DataSource | null = null;
  private relay: OutboxRelay | null = null;
  private health: Server | null = null;
  private modules: JobTypeModule[] = [];
  private pollSync: NodeJS.Timeout | undefined;
  /** Consumers are running: /health answers 200 only from then on (a readiness probe). */
  private ready = false;

  constructor(private readonly config: WorkerConfig) {
    this.queues = new QueueGateway(config.redisUrl, config.queuePrefix);
  }

  async start(): Promise<void> {
    const { config } = this;
    const ds = createDataSource(config.databaseUrl, `compute-jobs-worker-${config.jobTypes.join('-').toLowerCase()}`);
    await this.retry(() => ds.initialize());
    this.ds = ds;
    await waitForDependencies(ds, this.queues, this.abort.signal);
    const policy = await this.queues.evictionPolicy();
    if (policy !== 'noeviction') {
      throw new Error(`Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or queue entries can vanish`);
    }
    this.modules = buildModules(config.jobTypes, { config, ds, queues: this.queues, metrics: this.metrics });
    if (config.healthPort) this.health = await startHealthServer(config.host, config.healthPort, () => this.check(), this.metrics);
    const runner = new ActionRunner(ds, this.queues, this.metrics);
    for (const module of this.modules) {
      await module.start?.();
      const worker = this.queues.consume(QUEUE_BY_JOB_TYPE[module.type], async ({ item, attempt, lastAttempt }) => {
        if (item.kind === 'job-action') return runner.run(module, item, attempt, lastAttempt);
        if (item.kind === 'scheduler-poll') return this.poll(module, item.schedulerId);
        return this.logs(module, item);
      }, config.concurrency, config.actionLockMs);
      void worker.run();
    }
    await this.schedulePolls();
    // Schedulers created since boot get their poll, and polls Redis lost come back.
    this.pollSync = setInterval(() => void this.schedulePolls().catch((e: Error) => this.logger.warn(`poll schedules: ${e.message}`)),
      Math.max(config.pollIntervalMs, POLL_SYNC_MIN_MS));
    this.relay = new OutboxRelay(
      new OutboxRepository(ds), this.queues, this.modules.map((m) => QUEUE_BY_JOB_TYPE[m.type]),
      config.relayIntervalMs, config.redeliverAfterMs,
    );
    this.relay.start();
    this.ready = true;
    this.logger.log(`serving ${config.jobTypes.join(', ')}`);
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` on ${signal}` : ''}`);
    this.abort.abort();
    clearInterval(this.pollSync);
    await this.relay?.stop();
    await this.queues.closeWorkers(this.config.shutdownTimeoutMs);
    for (const module of this.modules) await module.stop?.().catch(() => undefined);
    await this.queues.close();
    this.health?.close();
    await this.ds?.destroy().catch(() => undefined);
  }

  private async poll(module: JobTypeModule, schedulerId: string): Promise<void> {
    if (!module.poll) return;
    const done = this.metrics.pollStarted(module.type);
    try {
      await module.poll(schedulerId);
      done('ok');
    } catch (err) {
      done('error');
      throw err;
    }
  }

  private logs(module: JobTypeModule, item: LogsRequestItem) {
    if (!module.logs) throw new Error(`${module.type} jobs keep no logs on a scheduler`);
    return module.logs(item.jobId, item.path);
  }

  /** One repeatable singleton poll per scheduler of the kind each job type uses (upserting is idempotent). */
  private async schedulePolls(): Promise<void> {
    for (const module of this.modules) {
      if (!module.schedulerKind || !module.poll) continue;
      const schedulers = await this.ds!.getRepository(SchedulerEntity).findBy({ kind: module.schedulerKind });
      for (const s of schedulers) await this.queues.schedulePoll(QUEUE_BY_JOB_TYPE[module.type], s.id, this.config.pollIntervalMs);
    }
  }

  private async check(): Promise<Record<string, string>> {
    const postgres = await this.ds!.query('SELECT 1').then(() => 'up', (e: Error) => `down: ${e.message}`);
    const redis = await this.queues.ping().then((ok) => (ok ? 'up' : 'down'), (e: Error) => `down: ${e.message}`);
    return { postgres, redis, consumers: this.ready ? 'up' : 'starting' };
  }

  private async retry<T>(fn: () => Promise<T>): Promise<T> {
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        return await fn();
      } catch (err) {
        if (this.abort.signal.aborted) throw err;
        this.logger.warn(`waiting for PostgreSQL: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
