import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, Put, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  CUSTOM_STATUS_KINDS, CustomStatusKind, invalid, notFound, resolveStatus,
} from '../../../../libs/domain/src/index.js';
import { CustomStatusesRepository } from '../../../../libs/persistence/src/index.js';
import { ApiKeyGuard, AuthedRequest } from '../auth/api-key.guard.js';

class ClassifyStatusDto {
  @ApiProperty({ enum: CUSTOM_STATUS_KINDS })
  @IsIn(CUSTOM_STATUS_KINDS)
  kind: CustomStatusKind;
}

/** An app's custom statuses and their category (Tethys `add_custom_*_status`), kept per app, not process-wide. */
@ApiTags('custom statuses')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/v1/apps/:app/custom-statuses')
export class CustomStatusesController {
  constructor(private readonly statuses: CustomStatusesRepository) {}

  @Get()
  async list(@Req() req: AuthedRequest, @Param('app') app: string) {
    this.checkApp(req, app);
    const map = await this.statuses.forLabel(app);
    return { items: [...map].map(([name, kind]) => ({ name, kind })) };
  }

  @Put(':name')
  @ApiOperation({ summary: 'Classify a custom status: pre-running, running, active or terminal' })
  async set(@Req() req: AuthedRequest, @Param('app') app: string, @Param('name') name: string, @Body() dto: ClassifyStatusDto) {
    this.checkApp(req, app);
    if (name.length > 1024 || resolveStatus(name).code !== 'OTH') {
      throw invalid('name', `"${name}" is a built-in status; only custom status texts can be classified`);
    }
    await this.statuses.set(app, name, dto.kind);
    return { name, kind: dto.kind };
  }

  @Delete(':name')
  @HttpCode(204)
  async remove(@Req() req: AuthedRequest, @Param('app') app: string, @Param('name') name: string): Promise<void> {
    this.checkApp(req, app);
    if (!(await this.statuses.remove(app, name))) throw notFound(`custom status "${name}"`);
  }

  private checkApp(req: AuthedRequest, app: string): void {
    const caller = req.caller!;
    if (!caller.admin && caller.label !== app) throw new ForbiddenException(`this API key belongs to app "${caller.label}", not "${app}"`);
  }
}
