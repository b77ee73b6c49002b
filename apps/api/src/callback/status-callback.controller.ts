import { All, Body, Controller, ForbiddenException, HttpCode, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { invalid, notFound, verifyCallbackToken } from '../../../../libs/domain/src/index.js';
import { JobsRepository } from '../../../../libs/persistence/src/index.js';
import { StatusCallbackService } from './status-callback.service.js';

const MAX_DELAY_SECONDS = 7 * 24 * 3600;

@ApiTags('status callback')
@Controller('update-job-status')
export class StatusCallbackController {
  constructor(
    private readonly config: ApiConfig,
    private readonly jobs: JobsRepository,
    private readonly callbacks: StatusCallbackService,
  ) {}

  @All(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tethys-compatible status callback (GET or POST), signed with the token from status-callback-url' })
  @ApiQuery({ name: 'token', required: true })
  @ApiQuery({ name: 'delay', required: false, description: 'Seconds to wait before refreshing' })
  @ApiQuery({ name: 'status', required: false, description: 'Report this status instead of refreshing' })
  async update(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<{ success: true }> {
    const input = { ...(typeof body === 'object' && body !== null ? body : {}), ...query };
    if (!verifyCallbackToken(this.config.callbackSecret, id, input.token)) {
      throw new ForbiddenException('token: missing or not valid for this job; use the URL from status-callback-url');
    }
    const job = await this.jobs.findById(id);
    if (!job || job.deletedAt) throw notFound(`job ${id}`);
    const status = input.status === undefined ? undefined : String(input.status);
    if (status !== undefined && (status.trim() === '' || status.length > 1024)) {
      throw invalid('status', 'must be 1-1024 characters');
    }
    await this.callbacks.handle(job, status, parseDelay(input.delay));
    return { success: true };
  }
}

function parseDelay(raw: unknown): number {
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_DELAY_SECONDS) {
    throw invalid('delay', `must be a whole number of seconds between 0 and ${MAX_DELAY_SECONDS}`);
  }
  return n;
}
