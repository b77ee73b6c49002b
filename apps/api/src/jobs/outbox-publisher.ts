import { Injectable, Logger } from '@nestjs/common';
import type { OutboxEntity } from '../../../../libs/persistence/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';

/**
 * Hands committed outbox rows to BullMQ right away. If Redis is down the
 * request still succeeds: the rows stay pending and the relay enqueues them.
 */
@Injectable()
export class OutboxPublisher {
  private readonly logger = new Logger(OutboxPublisher.name);

  constructor(private readonly queues: QueueGateway) {}

  async publish(rows: OutboxEntity[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.queues.enqueue(rows);
    } catch (err) {
      this.logger.warn(`queue unavailable, ${rows.length} action(s) left to the outbox relay: ${(err as Error).message}`);
    }
  }
}
