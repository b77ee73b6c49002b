import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const ORDER_BY = ['creationTime', '-creationTime', 'id', '-id'] as const;

export class ListJobsQuery {
  @ApiPropertyOptional({ description: 'Only jobs of this user (exclusive with groups).' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user?: string;

  @ApiPropertyOptional({ description: 'Comma-separated groups: only jobs shared with them (exclusive with user).' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  groups?: string;

  @ApiPropertyOptional({ description: 'Comma-separated status codes or names, e.g. "RUN,Complete".' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  status?: string;

  @ApiPropertyOptional({ description: 'Comma-separated job types.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  jobType?: string;

  @ApiPropertyOptional({ description: 'Created at or after (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdAfter?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdBefore?: string;

  @ApiPropertyOptional({ enum: ORDER_BY, default: '-creationTime' })
  @IsOptional()
  @IsIn(ORDER_BY)
  orderBy?: (typeof ORDER_BY)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
