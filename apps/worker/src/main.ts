import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, JsonLogger, loadWorkerConfig } from '../../../libs/config/src/index.js';
import { WorkerRuntime } from './runtime/worker-runtime.js';
import { WorkerModule } from './worker.module.js';

/** A worker process: no HTTP server except the optional health/metrics port. */
async function bootstrap(): Promise<void> {
  let level = 'info';
  try {
    level = loadWorkerConfig().logLevel;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new JsonLogger(level, 'worker') });
  app.enableShutdownHooks();
  try {
    await app.get(WorkerRuntime).start();
  } catch (err) {
    new Logger('Worker').error((err as Error).message);
    await app.close();
    process.exit(1);
  }
}

void bootstrap();
