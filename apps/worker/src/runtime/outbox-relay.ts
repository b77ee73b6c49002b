import { Logger } from '@nestjs/common';
import type { QueueName } from '../../../../libs/contracts/src/index.js';
import { OutboxRepository } from '../../../../libs/persistence/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
const BATCH = 500;

/**
 * Redis may lose everything at any moment; the outbox may not. Every interval,
 * pending rows not handed to the queue recently are checked against BullMQ:
 * entries still there are left alone, missing or dead ones are enqueued again
 * (same job id, so a duplicate cannot appear; handlers are idempotent).
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly queues: QueueGateway,
    private readonly queueNames: QueueName[],
    private readonly intervalMs: number,
    private readonly redeliverAfterMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .then(() => undefined, (e: Error) => this.logger.warn(`relay sweep failed: ${e.message}`))
        .finally(() => (this.running = null));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<number> {
    const rows = await this.outbox.dueForRelay(this.queueNames, new Date(Date.now() - this.redeliverAfterMs), BATCH);
    const alive: string[] = [];
    let restored = 0;
    for (const row of rows) {
      const state = await this.queues.stateOf(row);
      if (LIVE_STATES.has(state)) {
        alive.push(row.id);
        continue;
      }
      if (state !== 'unknown') await this.queues.discard(row);
      await this.queues.enqueue([row]);
      alive.push(row.id);
      restored++;
    }
    await this.outbox.markEnqueued(alive);
    if (restored) this.logger.log(`re-enqueued ${restored} pending action(s)`);
    return restored;
  }
}
