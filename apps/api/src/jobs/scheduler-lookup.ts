import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalid, JobType } from '../../../../libs/domain/src/index.js';
import { hotQuery, SchedulerKind } from '../../../../libs/persistence/src/index.js';

const KIND_BY_TYPE: Partial<Record<JobType, SchedulerKind>> = {
  CONDOR: 'condor',
  CONDORWORKFLOW: 'condor',
  DASK: 'dask',
};

/** Resolves the `scheduler` field of a create request to a registered scheduler of the right kind. */
@Injectable()
export class SchedulerLookup {
  constructor(private readonly ds: DataSource) {}

  async idFor(type: JobType, name: string): Promise<string> {
    const kind = KIND_BY_TYPE[type];
    const { rows: [scheduler] } = await hotQuery<{ id: string; kind: SchedulerKind }>(
      this.ds.manager, `SELECT id::text AS id, kind FROM schedulers WHERE name = $1`, [name],
    );
    if (!scheduler) throw invalid('scheduler', `no scheduler named "${name}"`);
    if (scheduler.kind !== kind) {
      throw invalid('scheduler', `"${name}" is a ${scheduler.kind} scheduler; ${type} jobs need a ${kind} scheduler`);
    }
    return scheduler.id;
  }
}
