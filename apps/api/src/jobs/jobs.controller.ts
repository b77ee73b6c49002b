import {
  Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { invalid, USER_ACTIONS, UserAction, Viewer } from '../../../../libs/domain/src/index.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { ViewTokenAllowed } from '../auth/view-token-allowed.decorator.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { CallbackUrls } from '../callback/callback-urls.js';
import { CreateJobDto } from './dto/create-job.dto.js';
import { ListJobsQuery } from './dto/list-jobs.query.js';
import { UpdateJobDto } from './dto/update-job.dto.js';
import { JobActionsService } from './job-actions.service.js';
import { JobFilesService } from './job-files.service.js';
import { JobDto } from './job.presenter.js';
import { JobsListService } from './jobs-list.service.js';
import { JobsService } from './jobs.service.js';

const ACTIONS = USER_ACTIONS.filter((a) => a !== 'delete');

@ApiTags('jobs')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Jobs-User', description: 'End user the request acts for', required: false })
@ApiHeader({ name: 'X-Jobs-Groups', description: "Comma-separated groups of the end user", required: false })
@UseGuards(ApiKeyGuard)
@Controller('api/v1/apps/:app/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly list: JobsListService,
    private readonly actions: JobActionsService,
    private readonly files: JobFilesService,
    private readonly urls: CallbackUrls,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a job (and execute it with execute: true)' })
  @ApiBody({ type: CreateJobDto, description: 'Common fields plus the fields of the job type.' })
  create(@CurrentViewer() viewer: Viewer, @Body() body: unknown): Promise<JobDto> {
    return this.jobs.create(viewer, body);
  }

  @Get()
  @ViewTokenAllowed()
  @ApiOperation({ summary: 'List jobs the user may see, newest first, keyset-paginated' })
  index(@CurrentViewer() viewer: Viewer, @Query() query: ListJobsQuery) {
    return this.list.list(viewer, query);
  }

  @Get(':id')
  @ViewTokenAllowed()
  @ApiOkResponse({ type: JobDto })
  show(@CurrentViewer() viewer: Viewer, @Param('id') id: string): Promise<JobDto> {
    return this.jobs.get(viewer, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change description, extended properties, status message or status' })
  update(@CurrentViewer() viewer: Viewer, @Param('id') id: string, @Body() dto: UpdateJobDto): Promise<JobDto> {
    return this.actions.update(viewer, id, dto);
  }

  @Post(':id/actions/:action')
  @ViewTokenAllowed()
  @HttpCode(202)
  @ApiOperation({ summary: 'execute, stop, pause, resume or resubmit; 409 when the job status does not allow it' })
  act(@CurrentViewer() viewer: Viewer, @Param('id') id: string, @Param('action') action: string) {
    if (!(ACTIONS as string[]).includes(action)) throw invalid('action', `must be one of ${ACTIONS.join(', ')}`);
    return this.actions.act(viewer, id, action as UserAction);
  }

  @Delete(':id')
  @ViewTokenAllowed()
  @HttpCode(202)
  @ApiOperation({ summary: 'Delete a job that is not active; its files and scheduler state are cleaned up by a worker' })
  remove(@CurrentViewer() viewer: Viewer, @Param('id') id: string) {
    return this.actions.act(viewer, id, 'delete');
  }

  @Get(':id/status-callback-url')
  @ApiOperation({ summary: 'Signed URL a running job can call to report or refresh its status' })
  async callbackUrl(@CurrentViewer() viewer: Viewer, @Param('id') id: string) {
    const job = await this.jobs.require(viewer, id);
    return { url: this.urls.statusUrl(job.id) };
  }

  @Get(':id/logs')
  @ViewTokenAllowed()
  async logs(@CurrentViewer() viewer: Viewer, @Param('id') id: string) {
    const { files } = await this.files.list(viewer, id, 'logs');
    return { files };
  }

  @Get(':id/logs/*path')
  @ViewTokenAllowed()
  async log(@CurrentViewer() viewer: Viewer, @Param('id') id: string, @Param('path') path: string | string[], @Res() res: Response) {
    const file = await this.files.open(viewer, id, 'logs', joinPath(path));
    res.type('text/plain; charset=utf-8').setHeader('Content-Length', String(file.size));
    file.stream.pipe(res);
  }

  @Get(':id/results')
  @ViewTokenAllowed()
  async results(@CurrentViewer() viewer: Viewer, @Param('id') id: string) {
    const { job, files } = await this.files.list(viewer, id, 'results');
    return { status: job.status, result: job.result ?? null, files };
  }

  @Get(':id/results/*path')
  @ViewTokenAllowed()
  async resultFile(@CurrentViewer() viewer: Viewer, @Param('id') id: string, @Param('path') path: string | string[], @Res() res: Response) {
    const file = await this.files.open(viewer, id, 'results', joinPath(path));
    res.attachment(file.name).setHeader('Content-Length', String(file.size));
    file.stream.pipe(res);
  }
}

/** Express 5 gives wildcard params as segments. */
const joinPath = (p: string | string[]) => (Array.isArray(p) ? p.join('/') : p);
