export interface BatcherOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Most batches in flight at once (per key). */
  maxInFlight: number;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: Error): void;
}

interface Lane<T, R> {
  waiting: Waiting<T, R>[];
  inFlight: number;
  scheduled: boolean;
}

/**
 * Group commit: items that arrive while earlier batches are in flight wait
 * and leave together. A quiet system sends each item at once (after the
 * current event-loop turn); a busy one sends few large batches, so a burst
 * costs a few round trips instead of one or more per item. Items with
 * different keys (e.g. schedulers) never share a batch.
 */
export class Batcher<T, R, K = string> {
  private readonly lanes = new Map<K, Lane<T, R>>();

  constructor(
    private readonly run: (key: K, items: T[]) => Promise<(R | Error)[]>,
    private readonly options: BatcherOptions,
  ) {}

  add(key: K, item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) this.lanes.set(key, (lane = { waiting: [], inFlight: 0, scheduled: false }));
      lane.waiting.push({ item, resolve, reject });
      this.schedule(key, lane);
    });
  }

  private schedule(key: K, lane: Lane<T, R>): void {
    if (lane.scheduled || lane.inFlight >= this.options.maxInFlight || lane.waiting.length === 0) return;
    lane.scheduled = true;
    // Whatever arrives during this event-loop turn joins the batch.
    setImmediate(() => {
      lane.scheduled = false;
      void this.send(key, lane);
    });
  }

  private async send(key: K, lane: Lane<T, R>): Promise<void> {
    const batch = lane.waiting.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    lane.inFlight++;
    this.schedule(key, lane); // more waiting and room for another batch: it leaves too
    try {
      const results = await this.run(key, batch.map((w) => w.item));
      batch.forEach((waiting, i) => {
        const result = results[i];
        if (result instanceof Error) waiting.reject(result);
        else if (i >= results.length) waiting.reject(new Error(`batch returned ${results.length} results for ${batch.length} items`));
        else waiting.resolve(result);
      });
    } catch (err) {
      for (const waiting of batch) waiting.reject(err instanceof Error ? err : new Error(String(err)));
    } finally {
      lane.inFlight--;
      if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(key);
      else this.schedule(key, lane);
    }
  }
}

/**
 * Runs a batch; when the whole batch is refused, runs each item alone so
 * only the item at fault fails and every caller gets its own error.
 */
export async function batchOrEach<T, R>(items: T[], many: (items: T[]) => Promise<R[]>): Promise<(R | Error)[]> {
  try {
    return await many(items);
  } catch (err) {
    if (items.length === 1) return [err instanceof Error ? err : new Error(String(err))];
    return Promise.all(items.map((item) => many([item]).then((r) => r[0], (e: unknown) => (e instanceof Error ? e : new Error(String(e))))));
  }
}
