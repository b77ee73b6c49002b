import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { JobType, StatusCode } from '../../../domain/src/index.js';
import { JobGroupEntity } from './job-group.entity.js';

/**
 * A job of any type: the fields of Tethys' TethysJob plus `spec` (what the
 * caller asked for, type-specific) and `runtime` (what the backend learned:
 * cluster id, remote directory, attempt token, Dask key...).
 */
@Entity('jobs')
@Index('jobs_label_user_created', ['label', 'userId', 'creationTime', 'id'])
@Index('jobs_label_created', ['label', 'creationTime', 'id'])
export class JobEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 1024 })
  name: string;

  @Column({ type: 'varchar', length: 2048, default: '' })
  description: string;

  @Column({ name: 'user_id', type: 'varchar', length: 255 })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  label: string;

  @Column({ name: 'job_type', type: 'varchar', length: 32 })
  jobType: JobType;

  @Column({ name: 'creation_time', type: 'timestamptz', default: () => 'now()' })
  creationTime: Date;

  @Column({ name: 'execute_time', type: 'timestamptz', nullable: true })
  executeTime: Date | null;

  @Column({ name: 'start_time', type: 'timestamptz', nullable: true })
  startTime: Date | null;

  @Column({ name: 'completion_time', type: 'timestamptz', nullable: true })
  completionTime: Date | null;

  @Column({ type: 'varchar', length: 1024 })
  workspace: string;

  @Column({ name: 'extended_properties', type: 'jsonb', default: () => `'{}'::jsonb` })
  extendedProperties: Record<string, unknown>;

  @Column({ type: 'char', length: 3, default: 'PEN' })
  status: StatusCode;

  @Column({ name: 'status_message', type: 'varchar', length: 2048, nullable: true })
  statusMessage: string | null;

  @Column({ name: 'process_results_function', type: 'varchar', length: 1024, nullable: true })
  processResultsFunction: string | null;

  @Column({ name: 'results_attempts', type: 'int', default: 0 })
  resultsAttempts: number;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  spec: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  runtime: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ name: 'scheduler_id', type: 'bigint', nullable: true })
  schedulerId: string | null;

  /** Incremented on every execute/resubmit; stamps the scheduler job. */
  @Column({ type: 'int', default: 0 })
  attempt: number;

  /** Set when a delete is requested; the worker cleans up, then removes the row. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @OneToMany(() => JobGroupEntity, (g) => g.job, { cascade: ['insert'] })
  groups: JobGroupEntity[];
}
