import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchedulerEntity } from '../../../../libs/persistence/src/index.js';

/** A scheduler as the API shows it: never its password, key or passphrase. */
export class SchedulerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['condor', 'dask', 'slurm'] }) kind: string;
  @ApiProperty({ description: 'Commands run on the worker machine, without SSH.' }) local: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) host: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) port: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) username: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pinned SSH host key, as `ssh-keygen -lf` prints it.' })
  hostKeyFingerprint: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['password', 'privateKey'], description: 'How it logs in; the secret itself is never returned.' })
  auth: string | null;
  @ApiProperty({ type: Object, description: 'Kind-specific settings (a local directory...).' }) settings: Record<string, unknown>;
  @ApiProperty() createdAt: string;
}

export function presentScheduler(s: SchedulerEntity): SchedulerDto {
  const { auth, ...settings } = s.settings ?? {};
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    local: s.host === null,
    host: s.host,
    port: s.port,
    username: s.username,
    hostKeyFingerprint: s.hostKeyFingerprint,
    auth: typeof auth === 'string' ? auth : null,
    settings,
    createdAt: new Date(s.createdAt).toISOString(),
  };
}
