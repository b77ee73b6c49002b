import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiConfig, loadApiConfig } from '../../../libs/config/src/index.js';
import {
  ApiKeysRepository, createDataSource, CustomStatusesRepository, JobEventsRepository, JobsRepository, JobWriter, OutboxRepository,
  SchedulersRepository, WorkflowNodesRepository,
} from '../../../libs/persistence/src/index.js';
import { QueueGateway } from '../../../libs/queue/src/index.js';
import { ApiKeyAuthenticator, ApiKeyGuard, AdminGuard } from './auth/api-key.guard.js';
import { ViewTokens } from './auth/view-tokens.service.js';
import { CallbackUrls } from './callback/callback-urls.js';
import { StatusCallbackController } from './callback/status-callback.controller.js';
import { StatusCallbackService } from './callback/status-callback.service.js';
import { EventHub } from './events/event-hub.service.js';
import { EventsController } from './events/events.controller.js';
import { HealthController } from './health/health.controller.js';
import { JobActionsService } from './jobs/job-actions.service.js';
import { JobFilesService } from './jobs/job-files.service.js';
import { JobLinksController } from './jobs/job-links.controller.js';
import { JobTypeRegistry } from './jobs/job-type-registry.js';
import { JobsListService } from './jobs/jobs-list.service.js';
import { JobsController } from './jobs/jobs.controller.js';
import { JobsService } from './jobs/jobs.service.js';
import { OutboxPublisher } from './jobs/outbox-publisher.js';
import { SchedulerLogs } from './jobs/scheduler-logs.service.js';
import { SchedulerLookup } from './jobs/scheduler-lookup.js';
import { JobCreator } from './jobs/job-creator.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsService } from './metrics/metrics.service.js';
import { RequestMetricsMiddleware } from './metrics/request-metrics.middleware.js';
import { SchedulersController } from './schedulers/schedulers.controller.js';
import { SchedulersService } from './schedulers/schedulers.service.js';
import { CustomStatusesController } from './statuses/custom-statuses.controller.js';
import { JobsPageController } from './ui/jobs-page.controller.js';
import { ViewLinksController } from './ui/view-links.controller.js';
import { WorkflowNodesController } from './workflows/workflow-nodes.controller.js';
import { WorkflowNodesService } from './workflows/workflow-nodes.service.js';

/** Repositories are plain classes over the one DataSource. */
const repositories = [
  ApiKeysRepository, CustomStatusesRepository, JobEventsRepository, JobsRepository, JobWriter, OutboxRepository, WorkflowNodesRepository,
].map((cls) => ({ provide: cls, useFactory: (ds: DataSource) => new cls(ds), inject: [DataSource] }));

@Module({
  controllers: [
    JobsController, JobLinksController, EventsController, StatusCallbackController, CustomStatusesController, HealthController,
    MetricsController, ViewLinksController, JobsPageController, SchedulersController, WorkflowNodesController,
  ],
  providers: [
    { provide: ApiConfig, useFactory: () => loadApiConfig() },
    {
      provide: DataSource,
      useFactory: (config: ApiConfig) => createDataSource(config.databaseUrl, 'compute-jobs-api').initialize(),
      inject: [ApiConfig],
    },
    {
      provide: QueueGateway,
      useFactory: (config: ApiConfig) => new QueueGateway(config.redisUrl, config.queuePrefix),
      inject: [ApiConfig],
    },
    ...repositories,
    {
      provide: SchedulersRepository,
      useFactory: (ds: DataSource, config: ApiConfig) => new SchedulersRepository(ds, config.secretsKey),
      inject: [DataSource, ApiConfig],
    },
    ApiKeyAuthenticator, ApiKeyGuard, AdminGuard, ViewTokens,
    JobTypeRegistry, SchedulerLookup, OutboxPublisher, JobCreator, JobsService, JobsListService, JobActionsService, JobFilesService, SchedulerLogs,
    SchedulersService, WorkflowNodesService,
    CallbackUrls, StatusCallbackService, EventHub, MetricsService,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestMetricsMiddleware).forRoutes('*path');
  }
}
