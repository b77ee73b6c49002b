import { JOB_ACTIONS } from '../../../libs/contracts/src/index.js';
import type { JobType } from '../../../libs/domain/src/index.js';
import { basicModule } from './basic/basic.module.js';
import { condorModule } from './condor/condor.module.js';
import { daskModule } from './dask/dask.module.js';
import { condorWorkflowModule } from './condor-workflow/condor-workflow.module.js';
import type { JobTypeModule } from './runtime/job-type-module.js';
import type { WorkerServices } from './runtime/worker-services.js';

/** The job types this worker binary can serve; JOB_TYPES picks among them. */
const FACTORIES: Partial<Record<JobType, (services: WorkerServices) => JobTypeModule>> = {
  BASIC: () => basicModule,
  CONDOR: condorModule,
  DASK: daskModule,
  CONDORWORKFLOW: condorWorkflowModule,
};

/** Builds the modules for JOB_TYPES and fails the boot if one is missing or lacks a handler. */
export function buildModules(types: JobType[], services: WorkerServices): JobTypeModule[] {
  return types.map((type) => {
    const factory = FACTORIES[type];
    if (!factory) {
      const known = Object.keys(FACTORIES).map((t) => t.toLowerCase()).join(', ');
      throw new Error(`JOB_TYPES: this worker cannot serve "${type.toLowerCase()}" (available: ${known})`);
    }
    const module = factory(services);
    const missing = JOB_ACTIONS.filter((a) => typeof module.handlers[a] !== 'function');
    if (missing.length) throw new Error(`${type} worker has no handler for: ${missing.join(', ')}`);
    return module;
  });
}
