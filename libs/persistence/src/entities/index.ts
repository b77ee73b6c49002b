import { ApiKeyEntity } from './api-key.entity.js';
import { CustomStatusEntity } from './custom-status.entity.js';
import { JobEventEntity } from './job-event.entity.js';
import { JobGroupEntity } from './job-group.entity.js';
import { JobEntity } from './job.entity.js';
import { OutboxEntity } from './outbox.entity.js';
import { SchedulerEntity } from './scheduler.entity.js';
import { WorkflowNodeEntity } from './workflow-node.entity.js';

export * from './api-key.entity.js';
export * from './custom-status.entity.js';
export * from './job-event.entity.js';
export * from './job-group.entity.js';
export * from './job.entity.js';
export * from './outbox.entity.js';
export * from './scheduler.entity.js';
export * from './workflow-node.entity.js';

export const ENTITIES = [
  JobEntity, JobGroupEntity, JobEventEntity, OutboxEntity, ApiKeyEntity, SchedulerEntity, CustomStatusEntity, WorkflowNodeEntity,
];
