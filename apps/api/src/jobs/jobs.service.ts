import { Injectable } from '@nestjs/common';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import {
  invalid, JOB_TYPE_NAMES, notFound, parseJobType, resolveInside, userWorkspace, Viewer,
} from '../../../../libs/domain/src/index.js';
import { JobsRepository } from '../../../../libs/persistence/src/index.js';
import { validateDto } from '../common/validation.js';
import { COMMON_CREATE_FIELDS, CreateJobDto } from './dto/create-job.dto.js';
import { JobDto, presentJob } from './job.presenter.js';
import { JobCreator } from './job-creator.js';
import { JobTypeRegistry } from './job-type-registry.js';
import { SchedulerLookup } from './scheduler-lookup.js';

/** Creating and reading jobs. */
@Injectable()
export class JobsService {
  constructor(
    private readonly config: ApiConfig,
    private readonly jobs: JobsRepository,
    private readonly types: JobTypeRegistry,
    private readonly schedulers: SchedulerLookup,
    private readonly creator: JobCreator,
  ) {}

  async create(viewer: Viewer, body: unknown): Promise<JobDto> {
    if (!viewer.user) throw invalid('X-Jobs-User', 'required: the user who owns the new job');
    const common: Record<string, unknown> = {};
    const typeFields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      (COMMON_CREATE_FIELDS.has(k) ? common : typeFields)[k] = v;
    }
    const dto = validateDto(CreateJobDto, body === null || typeof body !== 'object' ? body : common);
    const type = parseJobType(dto.jobType);
    if (!type) throw invalid('jobType', `must be one of ${JOB_TYPE_NAMES.join(', ')} (got "${dto.jobType}")`);
    const definition = this.types.get(type);
    if (!definition) {
      throw invalid('jobType', `${type} jobs are not available on this server; available: ${this.types.supported().join(', ')}`);
    }
    const parsed = definition.parse(typeFields);
    const schedulerId = parsed.scheduler === undefined ? null : await this.schedulers.idFor(type, parsed.scheduler);
    const base = userWorkspace(this.config.workspacesRoot, viewer.label, viewer.user);
    const workspace = dto.workspace ? resolveInside(base, dto.workspace, 'workspace') : base;
    const { job } = await this.creator.create(
      {
        name: dto.name,
        description: dto.description ?? '',
        userId: viewer.user,
        label: viewer.label,
        jobType: type,
        groups: [...new Set(dto.groups ?? [])],
        workspace,
        extendedProperties: dto.extendedProperties ?? {},
        processResultsFunction: dto.processResultsFunction ?? null,
        spec: parsed.spec,
        schedulerId,
      },
      dto.execute ? { queue: QUEUE_BY_JOB_TYPE[type], action: 'execute' } : null,
      parsed.saveWith,
    );
    return presentJob(job);
  }

  async get(viewer: Viewer, id: string): Promise<JobDto> {
    return presentJob(await this.require(viewer, id));
  }

  async require(viewer: Viewer, id: string) {
    const job = await this.jobs.findVisible(viewer, id);
    if (!job) throw notFound(`job ${id}`);
    return job;
  }
}
