import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QueueGateway } from '../../../../libs/queue/src/index.js';

/** Waits until PostgreSQL and Redis answer, so consuming starts only on healthy dependencies. */
export async function waitForDependencies(ds: DataSource, queues: QueueGateway, signal: AbortSignal): Promise<void> {
  const logger = new Logger('Dependencies');
  let delay = 250;
  for (;;) {
    const problems: string[] = [];
    await ds.query('SELECT 1').catch((e: Error) => problems.push(`PostgreSQL: ${e.message}`));
    await queues.ping().catch((e: Error) => problems.push(`Redis: ${e.message}`));
    if (problems.length === 0) return;
    if (signal.aborted) throw new Error('stopped while waiting for dependencies');
    logger.warn(`waiting for ${problems.join('; ')}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 5000);
  }
}
