import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min,
} from 'class-validator';

const NAME = /^[^\x00-\x1f\x7f,]{1,255}$/;
export const MAX_VIEW_LINK_TTL_SECONDS = 24 * 3600;

export class CreateViewLinkDto {
  @ApiPropertyOptional({ description: 'End user whose jobs the page shows (required unless all is true).' })
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: 'must be 1-255 characters without control characters or commas' })
  user?: string;

  @ApiPropertyOptional({ type: [String], description: "The user's groups: jobs shared with them are shown too." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(NAME, { each: true, message: 'each group must be 1-255 characters without control characters or commas' })
  groups?: string[];

  @ApiPropertyOptional({ description: 'See and act on every job of the app (needs a key with the jobs_table_actions scope).' })
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_VIEW_LINK_TTL_SECONDS, default: 3600 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VIEW_LINK_TTL_SECONDS)
  ttlSeconds?: number;

  @ApiPropertyOptional({
    type: Object,
    description: 'Table settings: title, columns, actions (default actions, "|" and {label, url, confirmation, statuses, jobTypes, target}), '
      + 'monitorUrl, resultsUrl, linkTarget, showStatus, showActions, showDetails, pageSize, orderBy, filters {status, jobType}, frameAncestors.',
  })
  @IsOptional()
  @IsObject()
  table?: Record<string, unknown>;
}

export class ViewLinkDto {
  @ApiProperty() url: string;
  @ApiProperty() token: string;
  @ApiProperty() expiresAt: string;
}

