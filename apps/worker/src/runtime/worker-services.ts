import type { DataSource } from 'typeorm';
import type { WorkerConfig } from '../../../../libs/config/src/index.js';
import type { QueueGateway } from '../../../../libs/queue/src/index.js';
import type { WorkerMetrics } from './worker-metrics.js';

/** Shared services handed to job type modules. */
export interface WorkerServices {
  config: WorkerConfig;
  ds: DataSource;
  queues: QueueGateway;
  metrics: WorkerMetrics;
}
