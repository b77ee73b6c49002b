import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { StatusCode } from '../../../domain/src/index.js';

/**
 * Append-only history of every job change. It outlives the job (a `deleted`
 * event), so it carries the owner and groups needed to decide who may see it.
 */
@Entity('job_events')
@Index('job_events_label_id', ['label', 'id'])
@Index('job_events_job_id', ['jobId', 'id'])
export class JobEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'job_id', type: 'bigint' })
  jobId: string;

  @Column({ type: 'varchar', length: 255 })
  label: string;

  @Column({ name: 'user_id', type: 'varchar', length: 255 })
  userId: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  groups: string[];

  @Column({ type: 'varchar', length: 16 })
  type: 'created' | 'status' | 'deleted' | 'updated';

  @Column({ name: 'from_status', type: 'char', length: 3, nullable: true })
  fromStatus: StatusCode | null;

  @Column({ name: 'to_status', type: 'char', length: 3, nullable: true })
  toStatus: StatusCode | null;

  /** Display status after the change (custom text for OTH). */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  status: string | null;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
