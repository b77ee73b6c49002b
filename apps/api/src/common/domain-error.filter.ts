import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorCode } from '../../../../libs/domain/src/index.js';

const HTTP_STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

/**
 * Domain errors become 4xx with a message that says what to fix; HTTP
 * exceptions pass through; anything else is logged and answered 500 without
 * internal details.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (error instanceof DomainError) {
      const status = HTTP_STATUS[error.code];
      const body: Record<string, unknown> = { statusCode: status, error: error.code, message: error.message };
      if (error.field) body.errors = [{ field: error.field, problem: error.message.replace(`${error.field}: `, '') }];
      res.status(status).json(body);
      return;
    }
    if (error instanceof HttpException) {
      const body = error.getResponse();
      res.status(error.getStatus()).json(typeof body === 'string' ? { statusCode: error.getStatus(), message: body } : body);
      return;
    }
    const parserError = error as { type?: string; status?: number; message?: string };
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json({ statusCode: parserError.status, message: parserError.message });
      return;
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    res.status(500).json({ statusCode: 500, message: 'Internal server error' });
  }
}
