import type { DaskBridge } from './dask-bridge.js';
import type { DaskSubmitRequest, DaskSubmitResult } from './dask-bridge.types.js';

type Task = Omit<DaskSubmitRequest, 'address'>;

interface Waiting {
  task: Task;
  resolve(result: DaskSubmitResult): void;
  reject(error: Error): void;
}

interface SchedulerQueue {
  waiting: Waiting[];
  sending: boolean;
  timeoutMs: number;
}

/** Most tasks sent in one request. */
const MAX_BATCH = 200;

/**
 * Submits to one scheduler leave one request at a time; those that arrive
 * meanwhile wait and leave together with the next. An idle scheduler gets
 * each submit at once, a busy one gets them in batches: a burst of jobs costs
 * a few scheduler round trips per batch rather than several per job.
 */
export class SubmitBatcher {
  private readonly queues = new Map<string, SchedulerQueue>();

  constructor(private readonly bridge: DaskBridge) {}

  submit(address: string, task: Task, timeoutMs: number): Promise<DaskSubmitResult> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(address);
      if (!queue) this.queues.set(address, (queue = { waiting: [], sending: false, timeoutMs }));
      queue.waiting.push({ task, resolve, reject });
      queue.timeoutMs = timeoutMs;
      if (!queue.sending) void this.send(address, queue);
    });
  }

  private async send(address: string, queue: SchedulerQueue): Promise<void> {
    queue.sending = true;
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      try {
        const results = await this.bridge.submitMany(address, batch.map((w) => w.task), { timeoutMs: queue.timeoutMs });
        batch.forEach((waiting, i) => {
          const result = results[i];
          if (result instanceof Error) waiting.reject(result);
          else waiting.resolve(result);
        });
      } catch (err) {
        for (const waiting of batch) waiting.reject(err as Error);
      }
    }
    queue.sending = false;
  }
}
