import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { invalid, JobType, UserAction } from '../../../../libs/domain/src/index.js';
import { type JobEntity, WorkflowNodesRepository } from '../../../../libs/persistence/src/index.js';
import { checkCondorSpec } from '../../../../libs/schedulers/src/condor/condor-layout.js';
import { parseCondorSpec } from '../../../../libs/schedulers/src/condor/condor-spec.js';
import { condorWorkflowJobType } from './condor-workflow-job-type.js';
import { daskJobType } from './dask-job-type.js';

/** What a job type makes of the type-specific fields of a create request. */
export interface ParsedTypeFields {
  spec: Record<string, unknown>;
  /** Name of the scheduler the job runs on, for types that need one. */
  scheduler?: string;
  /** Rows the job type keeps beside the job (workflow nodes), written in the job's transaction. */
  saveWith?(m: EntityManager, jobId: string): Promise<void>;
}

export interface JobTypeDefinition {
  type: JobType;
  parse(fields: Record<string, unknown>): ParsedTypeFields;
  /** Why this type can never carry out `action` (checked before the status rules), or null. */
  refuseAction?(action: UserAction): string | null;
  /** Whether the job's logs are read live on its scheduler (through its worker) besides its own files. */
  logsOnScheduler?(job: JobEntity): boolean;
}

const basic: JobTypeDefinition = {
  type: 'BASIC',
  parse(fields) {
    const [unknown] = Object.keys(fields);
    if (unknown !== undefined) throw invalid(unknown, 'is not a field of BASIC jobs');
    return { spec: {} };
  },
};

/**
 * HTCondor jobs: the fields of Tethys' CondorJob. Everything that can be
 * checked without the scheduler is checked now (submit commands and values,
 * paths staying in the job's directory), so a bad value is a 400 naming it
 * rather than a job failing later.
 */
const condor: JobTypeDefinition = {
  type: 'CONDOR',
  parse(fields) {
    const spec = parseCondorSpec(fields);
    checkCondorSpec(spec);
    return { spec: { ...spec }, scheduler: spec.scheduler };
  },
};

/** Job types this API accepts, each with its own validation of type-specific fields. */
@Injectable()
export class JobTypeRegistry {
  private readonly types: Map<JobType, JobTypeDefinition>;

  constructor(nodes: WorkflowNodesRepository) {
    this.types = new Map([basic, condor, condorWorkflowJobType(nodes), daskJobType].map((d) => [d.type, d]));
  }

  get(type: JobType): JobTypeDefinition | undefined {
    return this.types.get(type);
  }

  supported(): JobType[] {
    return [...this.types.keys()];
  }

  /** Why jobs of `type` can never carry out `action`, or null. */
  refusal(type: JobType, action: UserAction): string | null {
    return this.types.get(type)?.refuseAction?.(action) ?? null;
  }
}
