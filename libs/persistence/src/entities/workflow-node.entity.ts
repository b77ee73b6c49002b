import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StatusCode } from '../../../domain/src/index.js';

/**
 * One node of a CONDORWORKFLOW job. `spec` is the node as requested
 * (its HTCondor job and DAG settings), fixed once the workflow runs; the
 * other columns are what the scheduler last showed of it. Parents are
 * names in the same workflow (a text array: the graph is validated and
 * read as a whole, never joined row by row).
 */
@Entity('workflow_nodes')
@Index('workflow_nodes_position', ['jobId', 'position'], { unique: true })
export class WorkflowNodeEntity {
  @PrimaryColumn({ name: 'job_id', type: 'bigint' })
  jobId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  name: string;

  /** Order of creation: the DAG file lists nodes in this order. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  parents: string[];

  @Column({ type: 'jsonb' })
  spec: Record<string, unknown>;

  @Column({ type: 'char', length: 3, default: 'PEN' })
  status: StatusCode;

  @Column({ name: 'cluster_id', type: 'bigint', nullable: true })
  clusterId: string | null;

  @Column({ name: 'exit_code', type: 'int', nullable: true })
  exitCode: number | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  message: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
