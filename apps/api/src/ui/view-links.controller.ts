import { BadRequestException, Body, Controller, ForbiddenException, Get, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { invalid, JOB_TYPES, Viewer } from '../../../../libs/domain/src/index.js';
import { CustomStatusesRepository, JobEventsRepository } from '../../../../libs/persistence/src/index.js';
import { ApiKeyGuard, AuthedRequest } from '../auth/api-key.guard.js';
import { ViewTokenAllowed } from '../auth/view-token-allowed.decorator.js';
import { ViewTokens } from '../auth/view-tokens.service.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { CreateViewLinkDto, ViewLinkDto } from './dto/create-view-link.dto.js';
import { statusRules } from './status-rules.js';
import { parseTableConfig } from './table-config.js';

const DEFAULT_TTL_SECONDS = 3600;

@ApiTags('jobs table page')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/v1/apps/:app')
export class ViewLinksController {
  constructor(
    private readonly config: ApiConfig,
    private readonly tokens: ViewTokens,
    private readonly custom: CustomStatusesRepository,
    private readonly events: JobEventsRepository,
  ) {}

  @Post('view-links')
  @ApiOperation({ summary: "Mint a short-lived link to the jobs table page for one end user (the browser never holds the app's API key)" })
  @ApiOkResponse({ type: ViewLinkDto })
  create(@Req() req: AuthedRequest, @Param('app') app: string, @Body() dto: CreateViewLinkDto): ViewLinkDto {
    const caller = req.caller!;
    if (!caller.admin && caller.label !== app) throw new ForbiddenException(`this API key belongs to app "${caller.label}", not "${app}"`);
    if (!/^[A-Za-z0-9_.-]{1,255}$/.test(app)) throw invalid('app', 'must be 1-255 letters, digits, "_", "." or "-"');
    const all = dto.all === true;
    if (all && !caller.admin && !caller.scopes.includes('jobs_table_actions')) {
      throw new ForbiddenException('all: only a key with the jobs_table_actions scope can grant access to every job of the app');
    }
    if (!all && !dto.user) throw new BadRequestException({ statusCode: 400, message: 'user: required unless all is true', errors: [{ field: 'user', problem: 'required unless all is true' }] });
    const table = parseTableConfig(dto.table);
    const exp = Math.floor(Date.now() / 1000) + (dto.ttlSeconds ?? DEFAULT_TTL_SECONDS);
    const token = this.tokens.sign({
      app, user: dto.user ?? null, groups: [...new Set(dto.groups ?? [])], all, kid: caller.keyId, exp, table: { ...table },
    });
    return {
      url: `${this.config.publicUrl}/ui/apps/${encodeURIComponent(app)}/jobs?token=${token}`,
      token,
      expiresAt: new Date(exp * 1000).toISOString(),
    };
  }

  @Get('view')
  @ViewTokenAllowed()
  @ApiOperation({ summary: 'What the view link of this request grants: user, table settings, status rules, where the event stream starts' })
  async current(@Req() req: AuthedRequest, @CurrentViewer() viewer: Viewer) {
    const view = req.caller!.view;
    if (!view) throw invalid('Authorization', 'send "View <token>" with a view link; API keys have no page view');
    const [custom, lastEventId] = await Promise.all([this.custom.forLabel(viewer.label), this.events.lastId(viewer.label)]);
    return {
      app: viewer.label,
      user: viewer.user,
      groups: viewer.groups,
      all: viewer.all,
      expiresAt: new Date(view.exp * 1000).toISOString(),
      table: view.table ?? parseTableConfig(undefined),
      statuses: statusRules(custom),
      jobTypes: JOB_TYPES,
      lastEventId,
    };
  }
}
