import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const API_KEY_SCOPES = ['jobs_table_actions'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An API key: only its SHA-256 is stored. Bound to one app label, or admin. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** First characters of the key, to recognise it in listings. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: 'char', length: 64, unique: true })
  hash: string;

  /** The app this key acts for; null for admin keys. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  label: string | null;

  @Column({ type: 'boolean', default: false })
  admin: boolean;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  scopes: ApiKeyScope[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
