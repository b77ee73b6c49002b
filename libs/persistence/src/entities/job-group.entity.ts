import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { JobEntity } from './job.entity.js';

/** A group a job is shared with. `label` and `creation_time` are copied for keyset listing by group. */
@Entity('job_groups')
@Index('job_groups_label_group_created', ['label', 'groupName', 'creationTime', 'jobId'])
export class JobGroupEntity {
  @PrimaryColumn({ name: 'job_id', type: 'bigint' })
  jobId: string;

  @PrimaryColumn({ name: 'group_name', type: 'varchar', length: 255 })
  groupName: string;

  @Column({ type: 'varchar', length: 255 })
  label: string;

  @Column({ name: 'creation_time', type: 'timestamptz' })
  creationTime: Date;

  @ManyToOne(() => JobEntity, (j) => j.groups, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job: JobEntity;
}
