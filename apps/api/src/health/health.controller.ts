import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { QueueGateway } from '../../../../libs/queue/src/index.js';

/** Readiness: PostgreSQL and Redis both answer. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly ds: DataSource, private readonly queues: QueueGateway) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    const [postgres, redis] = await Promise.all([
      this.ds.query('SELECT 1').then(() => 'up', (e: Error) => `down: ${e.message}`),
      this.queues.ping().then((ok) => (ok ? 'up' : 'down'), (e: Error) => `down: ${e.message}`),
    ]);
    const ok = postgres === 'up' && redis === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', postgres, redis });
  }
}
