import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { displayStatus, runTimeSeconds } from '../../../../libs/domain/src/index.js';
import { JobEntity, storedStatus } from '../../../../libs/persistence/src/index.js';

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() app: string;
  @ApiProperty() user: string;
  @ApiProperty({ type: [String] }) groups: string[];
  @ApiProperty() jobType: string;
  @ApiProperty({ description: 'Display status (custom text for custom statuses).' }) status: string;
  @ApiProperty({ description: 'Three-letter status code.' }) statusCode: string;
  @ApiPropertyOptional({ nullable: true, type: String }) statusMessage: string | null;
  @ApiProperty() creationTime: string;
  @ApiPropertyOptional({ nullable: true, type: String }) executeTime: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) startTime: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) completionTime: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Whole seconds.' }) runTime: number | null;
  @ApiProperty() workspace: string;
  @ApiProperty({ type: Object }) extendedProperties: Record<string, unknown>;
  @ApiProperty({ description: 'Execution attempts so far.' }) attempt: number;
  @ApiProperty({ type: Object, description: 'Type-specific fields as requested.' }) spec: Record<string, unknown>;
  @ApiProperty({ type: Object, description: 'What the scheduler reported (cluster id, key...).' }) runtime: Record<string, unknown>;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentJob(job: JobEntity, now = new Date()): JobDto {
  return {
    id: job.id,
    name: job.name,
    description: job.description,
    app: job.label,
    user: job.userId,
    groups: (job.groups ?? []).map((g) => g.groupName).sort(),
    jobType: job.jobType,
    status: displayStatus(storedStatus(job)),
    statusCode: job.status,
    statusMessage: job.statusMessage,
    creationTime: iso(job.creationTime)!,
    executeTime: iso(job.executeTime),
    startTime: iso(job.startTime),
    completionTime: iso(job.completionTime),
    runTime: runTimeSeconds(job, now),
    workspace: job.workspace,
    extendedProperties: job.extendedProperties,
    attempt: job.attempt,
    spec: job.spec,
    runtime: job.runtime,
  };
}
