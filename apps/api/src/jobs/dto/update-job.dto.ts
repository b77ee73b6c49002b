import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';

export class UpdateJobDto {
  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  description?: string;

  @ApiPropertyOptional({ description: 'Replaces the extended properties.', type: Object })
  @IsOptional()
  @IsObject()
  extendedProperties?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Shown with the status (tooltip in the jobs table); null clears it.', nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(2048)
  statusMessage?: string | null;

  @ApiPropertyOptional({ description: 'Manual status: a code (RUN), a display name (Running) or custom text.' })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  status?: string;
}
