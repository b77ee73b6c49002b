import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, Matches, MaxLength,
} from 'class-validator';

/** Fields common to every job type; type-specific fields sit beside them in the same body. */
export class CreateJobDto {
  @ApiProperty({ description: 'Job name; "{id}" is replaced by the job id.', maxLength: 1024, example: 'run-{id}' })
  @IsString()
  @Length(1, 1024)
  name: string;

  @ApiProperty({ description: 'BASIC, CONDOR (or CONDORJOB), CONDORWORKFLOW or DASK; case-insensitive.', example: 'BASIC' })
  @IsString()
  @Length(1, 32)
  jobType: string;

  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  description?: string;

  @ApiPropertyOptional({ description: 'Groups the job is shared with.', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^[^\x00-\x1f\x7f,]{1,255}$/, { each: true, message: 'each group must be 1-255 characters without control characters or commas' })
  groups?: string[];

  @ApiPropertyOptional({ description: "Directory relative to the user's workspace of this app.", example: 'experiments/a' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  workspace?: string;

  @ApiPropertyOptional({ description: 'Free JSON kept with the job.', type: Object })
  @IsOptional()
  @IsObject()
  extendedProperties?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Results-processing callable (DASK jobs): "package.module:function".' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z_][\w.]*[:.][A-Za-z_]\w*$/, { message: 'must look like "package.module:function"' })
  @MaxLength(1024)
  processResultsFunction?: string;

  @ApiPropertyOptional({ description: 'Execute right after creating.' })
  @IsOptional()
  @IsBoolean()
  execute?: boolean;
}

export const COMMON_CREATE_FIELDS = new Set([
  'name', 'jobType', 'description', 'groups', 'workspace', 'extendedProperties', 'processResultsFunction', 'execute',
]);
