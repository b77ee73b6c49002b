import { Module } from '@nestjs/common';
import { loadWorkerConfig, WorkerConfig } from '../../../libs/config/src/index.js';
import { WorkerRuntime } from './runtime/worker-runtime.js';

@Module({
  providers: [{ provide: WorkerConfig, useFactory: () => loadWorkerConfig() }, WorkerRuntime],
})
export class WorkerModule {}
