import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JobAction, QueueName } from '../../../contracts/src/index.js';

export type OutboxState = 'pending' | 'done' | 'failed';

/**
 * An action to perform, written in the same transaction as the job change.
 * BullMQ only carries it; this row is the truth, so losing Redis loses nothing.
 */
@Entity('outbox')
@Index('outbox_pending', ['queue', 'availableAt'], { where: `state = 'pending'` })
@Index('outbox_job', ['jobId'])
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'job_id', type: 'bigint' })
  jobId: string;

  @Column({ type: 'varchar', length: 64 })
  queue: QueueName;

  @Column({ type: 'varchar', length: 32 })
  action: JobAction;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state: OutboxState;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Not before this time (delayed status refresh). */
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  /** Last time the row was handed to the queue. */
  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
