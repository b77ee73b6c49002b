import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SchedulerKind = 'condor' | 'dask' | 'slurm';

/**
 * A scheduler jobs run on. The secret (password or private key and
 * passphrase) is AES-256-GCM encrypted and never returned; the SSH host key
 * is pinned by its SHA-256 fingerprint.
 */
@Entity('schedulers')
export class SchedulerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 255, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: SchedulerKind;

  /** Null for a local scheduler (commands run on the worker's machine). */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  host: string | null;

  @Column({ type: 'int', nullable: true })
  port: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  username: string | null;

  @Column({ name: 'secret_enc', type: 'text', nullable: true })
  secretEnc: string | null;

  @Column({ name: 'host_key_fingerprint', type: 'varchar', length: 255, nullable: true })
  hostKeyFingerprint: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  settings: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
