import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Batcher } from '../../batching/src/index.js';
import { JobActionItem, LogsRequestItem, outboxJobId, pollJobId, QueueItem, QueueName } from '../../contracts/src/index.js';
import { type ConsumerHandler, type OutboxRow, RequestTimeout } from './queue-types.js';
import { ACTION_POLICY, REMOVE_ON_COMPLETE, REMOVE_ON_FAIL } from './retry-policy.js';

/** Requests are transport only: kept briefly, never retried. */
const REQUEST_RETENTION = { age: 60, count: 1000 };

/**
 * The one place that talks to BullMQ. Producers fail fast when Redis is down
 * (the outbox relay catches up); consumers wait for Redis.
 */
export class QueueGateway {
  private readonly queues = new Map<QueueName, Queue<QueueItem>>();
  private readonly queueEvents = new Map<QueueName, Promise<QueueEvents>>();
  private readonly workers: Worker<QueueItem>[] = [];
  private readonly workerConnections: Redis[] = [];
  private readonly producer: Redis;
  private readonly adds = new Batcher<OutboxRow[], void, QueueName>(async (name, groups) => {
    await this.queue(name).addBulk(groups.flat().map(actionEntry));
    return groups.map(() => undefined);
  }, { maxBatch: 64, maxInFlight: 1 });

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
  ) {
    this.producer = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.producer.on('error', () => undefined);
  }

  queue(name: QueueName): Queue<QueueItem> {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue<QueueItem>(name, { connection: this.producer, prefix: this.prefix });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Enqueues outbox rows (dedupe by outbox id). Rows enqueued at the same
   * time by many callers leave together: one round trip per queue. Throws
   * when Redis is unreachable.
   */
  async enqueue(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const row of rows) {
      const queued = byQueue.get(row.queue);
      if (queued) queued.push(row);
      else byQueue.set(row.queue, [row]);
    }
    await Promise.all([...byQueue].map(([name, queued]) => this.adds.add(name, queued)));
  }

  /** The BullMQ state of an outbox row's queue entry ('unknown' when Redis lost it). */
  async stateOf(row: OutboxRow): Promise<string> {
    return this.queue(row.queue).getJobState(outboxJobId(row.id));
  }

  /** Drops a queue entry that ended without its outbox row being settled, so it can be added again. */
  async discard(row: OutboxRow): Promise<void> {
    await this.queue(row.queue).remove(outboxJobId(row.id)).catch(() => 0);
  }

  /** A repeatable singleton poll of one scheduler (one entry per scheduler whatever the replicas). */
  async schedulePoll(queue: QueueName, schedulerId: string, everyMs: number): Promise<void> {
    await this.queue(queue).upsertJobScheduler(
      pollJobId(schedulerId),
      { every: everyMs },
      {
        name: 'scheduler-poll',
        data: { kind: 'scheduler-poll', schedulerId },
        opts: { removeOnComplete: REMOVE_ON_COMPLETE, removeOnFail: REMOVE_ON_FAIL },
      },
    );
  }

  async unschedulePoll(queue: QueueName, schedulerId: string): Promise<void> {
    await this.queue(queue).removeJobScheduler(pollJobId(schedulerId));
  }

  /**
   * Asks the workers of a queue and waits for the answer (the handler's
   * return value); rejects with the handler's error, or {@link RequestTimeout}.
   */
  async request<T>(name: QueueName, item: LogsRequestItem, timeoutMs: number): Promise<T> {
    const events = await this.eventsOf(name);
    const job = await this.queue(name).add(item.kind, item, { attempts: 1, removeOnComplete: REQUEST_RETENTION, removeOnFail: REQUEST_RETENTION });
    try {
      return (await job.waitUntilFinished(events, timeoutMs)) as T;
    } catch (err) {
      if (!/timed out before finishing/.test((err as Error).message)) throw err;
      await job.remove().catch(() => undefined); // nobody should answer a question no one waits for
      throw new RequestTimeout(`no worker answered within ${timeoutMs} ms`);
    }
  }

  private eventsOf(name: QueueName): Promise<QueueEvents> {
    let events = this.queueEvents.get(name);
    if (!events) {
      const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', () => undefined);
      this.workerConnections.push(connection);
      const created = new QueueEvents(name, { connection, prefix: this.prefix });
      created.on('error', () => undefined);
      events = created.waitUntilReady().then(() => created);
      events.catch(() => this.queueEvents.delete(name));
      this.queueEvents.set(name, events);
    }
    return events;
  }

  consume(name: QueueName, handler: ConsumerHandler, concurrency: number, lockDurationMs: number): Worker<QueueItem> {
    const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    this.workerConnections.push(connection);
    const worker = new Worker<QueueItem>(
      name,
      async (job: Job<QueueItem>) => {
        const attempts = job.opts.attempts ?? 1;
        return handler({ item: job.data, attempt: job.attemptsMade + 1, lastAttempt: job.attemptsMade + 1 >= attempts });
      },
      { connection, prefix: this.prefix, concurrency, lockDuration: lockDurationMs, stalledInterval: lockDurationMs, autorun: false },
    );
    worker.on('error', () => undefined);
    this.workers.push(worker);
    return worker;
  }

  /** Job counts per state for each queue (metrics, bull-board). */
  async counts(names: QueueName[]): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of names) out[name] = await this.queue(name).getJobCounts();
    return out;
  }

  async ping(): Promise<boolean> {
    return (await this.producer.ping()) === 'PONG';
  }

  /** BullMQ needs `noeviction`; any other policy can silently drop queue entries. */
  async evictionPolicy(): Promise<string> {
    const reply = (await this.producer.call('CONFIG', 'GET', 'maxmemory-policy')) as string[];
    return reply[1] ?? 'unknown';
  }

  /** Stops consuming: waits for in-flight handlers up to `timeoutMs`, then force-closes. */
  async closeWorkers(timeoutMs: number): Promise<void> {
    const graceful = Promise.all(this.workers.map((w) => w.close()));
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    if ((await Promise.race([graceful, timer])) === 'timeout') await Promise.all(this.workers.map((w) => w.close(true)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queueEvents.values()].map((e) => e.then((events) => events.close(), () => undefined)));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const c of this.workerConnections) c.disconnect();
    this.producer.disconnect();
  }
}

/** The queue entry of an outbox row: its id is the outbox id, so the same action can never be queued twice. */
function actionEntry(row: OutboxRow) {
  const policy = ACTION_POLICY[row.action];
  const data: JobActionItem = { kind: 'job-action', action: row.action, jobId: row.jobId, outboxId: row.id };
  return {
    name: row.action,
    data,
    opts: {
      jobId: outboxJobId(row.id),
      delay: Math.max(0, row.availableAt.getTime() - Date.now()),
      attempts: policy.attempts,
      backoff: { type: 'exponential' as const, delay: policy.backoffMs },
      removeOnComplete: REMOVE_ON_COMPLETE,
      removeOnFail: REMOVE_ON_FAIL,
    },
  };
}
