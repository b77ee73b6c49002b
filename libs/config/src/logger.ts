import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, Logger as Pino } from 'pino';

const NEST_TO_PINO: Record<LogLevel, string> = {
  fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace',
};

/**
 * Nest's logger interface on top of pino: one JSON line per message, the
 * class name as `context`, level from LOG_LEVEL (trace, debug, info, warn, error).
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Pino;

  constructor(level: string, name: string) {
    this.pino = pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    const method = NEST_TO_PINO[level] as 'info';
    if (message instanceof Error) this.pino[method]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[method]({ context, ...message });
    else this.pino[method]({ context, stack }, String(message));
  }

  log(message: unknown, ...rest: unknown[]) { this.write('log', message, rest); }
  error(message: unknown, ...rest: unknown[]) { this.write('error', message, rest); }
  warn(message: unknown, ...rest: unknown[]) { this.write('warn', message, rest); }
  debug(message: unknown, ...rest: unknown[]) { this.write('debug', message, rest); }
  verbose(message: unknown, ...rest: unknown[]) { this.write('verbose', message, rest); }
  fatal(message: unknown, ...rest: unknown[]) { this.write('fatal', message, rest); }
}
