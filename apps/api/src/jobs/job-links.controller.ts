import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Viewer } from '../../../../libs/domain/src/index.js';
import { SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { ViewTokenAllowed } from '../auth/view-token-allowed.decorator.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { JobsService } from './jobs.service.js';

/** Only http(s) URLs are handed to a browser. */
function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Where a person can watch a job outside this API: the Dask dashboard of
 * its scheduler (`settings.dashboard` of a dask scheduler, as Tethys'
 * DaskScheduler.dashboard), or one the backend recorded for the job
 * (`runtime.dashboardUrl`). Scheduler names and hosts are not revealed.
 */
@ApiTags('jobs')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/v1/apps/:app/jobs')
export class JobLinksController {
  constructor(private readonly jobs: JobsService, private readonly ds: DataSource) {}

  @Get(':id/links')
  @ViewTokenAllowed()
  @ApiOperation({ summary: "Links to watch the job elsewhere, e.g. its Dask scheduler's dashboard" })
  async links(@CurrentViewer() viewer: Viewer, @Param('id') id: string): Promise<{ dashboard: string | null }> {
    const job = await this.jobs.require(viewer, id);
    let dashboard = httpUrl(job.runtime?.dashboardUrl);
    if (!dashboard && job.schedulerId) {
      const scheduler = await this.ds.getRepository(SchedulerEntity).findOneBy({ id: job.schedulerId });
      if (scheduler?.kind === 'dask') dashboard = httpUrl(scheduler.settings?.dashboard ?? scheduler.settings?.dashboardUrl);
    }
    return { dashboard };
  }
}
