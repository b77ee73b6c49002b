import { Controller, Get, Headers, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { JobEventDto } from '../../../../libs/contracts/src/index.js';
import { invalid, Viewer } from '../../../../libs/domain/src/index.js';
import { JobEventEntity, JobEventsRepository } from '../../../../libs/persistence/src/index.js';
import { ApiKeyGuard, AuthedRequest } from '../auth/api-key.guard.js';
import { ViewTokenAllowed } from '../auth/view-token-allowed.decorator.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { EventHub } from './event-hub.service.js';

const BATCH = 500;
const HEARTBEAT_MS = 15_000;

export function presentEvent(e: JobEventEntity): JobEventDto {
  return {
    id: e.id, jobId: e.jobId, type: e.type, from: e.fromStatus, to: e.toStatus, status: e.status,
    message: e.message, at: new Date(e.at).toISOString(),
  };
}

/**
 * Streams a viewer's job events as SSE; resumable with Last-Event-ID. With
 * `endAt` (a view link's expiry, ms) the stream ends then, so an expired
 * link stops receiving changes.
 */
export async function streamEvents(
  viewer: Viewer, lastEventId: string | undefined, req: Request, res: Response,
  hub: EventHub, events: JobEventsRepository, endAt?: number,
): Promise<void> {
  if (lastEventId !== undefined && !/^\d{1,18}$/.test(lastEventId)) {
    throw invalid('Last-Event-ID', 'must be the id of an event received earlier');
  }
  let last = lastEventId ?? (await events.lastId(viewer.label));
  res.status(200).set({
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write(`retry: 2000\n: connected\n\n`);
  let running = false;
  let again = false;
  const flush = async () => {
    if (running) return void (again = true);
    running = true;
    try {
      do {
        again = false;
        const batch = await events.visibleAfter(viewer, last, BATCH);
        for (const e of batch) res.write(`id: ${e.id}\nevent: job\ndata: ${JSON.stringify(presentEvent(e))}\n\n`);
        if (batch.length) last = batch[batch.length - 1].id;
        if (batch.length === BATCH) again = true;
      } while (again && !res.writableEnded);
    } catch {
      res.end();
    } finally {
      running = false;
    }
  };
  const unsubscribe = hub.subscribe(viewer.label, () => void flush());
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const expiry = endAt === undefined ? null : setTimeout(() => res.end(), Math.max(0, endAt - Date.now()));
  req.on('close', () => {
    clearInterval(heartbeat);
    if (expiry) clearTimeout(expiry);
    unsubscribe();
  });
  await flush();
}

@ApiTags('events')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/v1/apps/:app/events')
export class EventsController {
  constructor(private readonly hub: EventHub, private readonly events: JobEventsRepository) {}

  @Get()
  @ViewTokenAllowed({ inQuery: true })
  @ApiOperation({ summary: 'Server-Sent Events of job changes the user may see; reconnect with Last-Event-ID to resume' })
  stream(
    @CurrentViewer() viewer: Viewer,
    @Headers('last-event-id') header: string | undefined,
    @Query('lastEventId') query: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const view = (req as AuthedRequest).caller?.view;
    return streamEvents(viewer, header ?? query, req, res, this.hub, this.events, view ? view.exp * 1000 : undefined);
  }
}
