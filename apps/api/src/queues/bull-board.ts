import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { QUEUE_NAMES } from '../../../../libs/contracts/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';
import { ApiKeyAuthenticator } from '../auth/api-key.guard.js';

/**
 * bull-board at /queues behind admin API keys: `Authorization: Bearer`, or
 * Basic with the key as password so a browser can log in.
 */
export function mountBullBoard(app: INestApplication): void {
  const queues = app.get(QueueGateway);
  const auth = app.get(ApiKeyAuthenticator);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/queues');
  createBullBoard({ queues: QUEUE_NAMES.map((n) => new BullMQAdapter(queues.queue(n))), serverAdapter });
  const requireAdmin = (req: Request, res: Response, next: NextFunction) => {
    auth.authenticate(req.headers.authorization).then(
      (caller) => (caller.admin ? next() : res.status(403).json({ statusCode: 403, message: 'an admin API key is required' })),
      () => res.status(401).set('WWW-Authenticate', 'Basic realm="queues"').json({ statusCode: 401, message: 'an admin API key is required (Bearer, or Basic with the key as password)' }),
    );
  };
  app.use('/queues', requireAdmin, serverAdapter.getRouter());
}
