import { ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QUEUE_BY_JOB_TYPE } from '../../../../libs/contracts/src/index.js';
import {
  actionRefusal, conflict, HAS_RESULTS_STEP, notFound, planManual, resolveStatus, UserAction, Viewer,
} from '../../../../libs/domain/src/index.js';
import {
  CustomStatusesRepository, JobEntity, jobClock, JobEventsRepository, JobsRepository, JobWriter, OutboxEntity, OutboxRepository, storedStatus,
} from '../../../../libs/persistence/src/index.js';
import { UpdateJobDto } from './dto/update-job.dto.js';
import { JobDto, presentJob } from './job.presenter.js';
import { JobTypeRegistry } from './job-type-registry.js';
import { OutboxPublisher } from './outbox-publisher.js';

export interface ActionAccepted {
  job: JobDto;
  action: { id: string; action: string; state: string };
}

/**
 * Changes to jobs requested through the API. Each runs in one transaction
 * holding the job row lock: the enable rule is checked against the current
 * status, and the action is written to the outbox with the change.
 */
@Injectable()
export class JobActionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly jobs: JobsRepository,
    private readonly writer: JobWriter,
    private readonly events: JobEventsRepository,
    private readonly outbox: OutboxRepository,
    private readonly custom: CustomStatusesRepository,
    private readonly publisher: OutboxPublisher,
    private readonly types: JobTypeRegistry,
  ) {}

  async act(viewer: Viewer, id: string, action: UserAction): Promise<ActionAccepted> {
    const custom = await this.custom.forLabel(viewer.label);
    const { job, row } = await this.ds.transaction(async (m) => {
      const job = await this.lockForChange(m, viewer, id);
      const refusal = this.types.refusal(job.jobType, action) ?? actionRefusal(action, storedStatus(job), custom);
      if (refusal) throw conflict(`cannot ${action} job ${id}: ${refusal}`);
      const pending = await this.outbox.pendingUserAction(m, id);
      if (pending) throw conflict(`cannot ${action} job ${id}: "${pending.action}" is still in progress`);
      const row = await this.outbox.insert(m, id, QUEUE_BY_JOB_TYPE[job.jobType], action);
      if (action === 'delete') {
        await m.query(`UPDATE jobs SET deleted_at = now() WHERE id = $1`, [id]);
        await this.events.append(m, job, { type: 'deleted', from: job.status, to: null, status: null, message: null });
      }
      return { job, row };
    });
    await this.publisher.publish([row]);
    return { job: presentJob(job), action: { id: row.id, action: row.action, state: row.state } };
  }

  async update(viewer: Viewer, id: string, dto: UpdateJobDto): Promise<JobDto> {
    const custom = await this.custom.forLabel(viewer.label);
    const outbox: OutboxEntity[] = [];
    await this.ds.transaction(async (m) => {
      const job = await this.lockForChange(m, viewer, id);
      const fields: string[] = [];
      const params: unknown[] = [id];
      if (dto.description !== undefined) {
        params.push(dto.description);
        fields.push(`description = $${params.length}`);
      }
      if (dto.extendedProperties !== undefined) {
        params.push(dto.extendedProperties);
        // The custom status text lives in extended_properties; replacing them keeps it.
        fields.push(`extended_properties = $${params.length}::jsonb || jsonb_strip_nulls(jsonb_build_object(
          '__other_status__', extended_properties->'__other_status__'))`);
      }
      if (dto.statusMessage !== undefined && dto.status === undefined) {
        params.push(dto.statusMessage);
        fields.push(`status_message = $${params.length}`);
      }
      if (fields.length) {
        await m.query(`UPDATE jobs SET ${fields.join(', ')} WHERE id = $1`, params);
        await this.events.append(m, job, {
          type: 'updated', from: job.status, to: job.status, status: null, message: null,
        });
      }
      if (dto.status !== undefined) {
        const outcome = planManual(jobClock(job), resolveStatus(dto.status), { hasResultsStep: HAS_RESULTS_STEP[job.jobType], custom });
        if (outcome.kind === 'ignore') {
          if (outcome.reason !== 'status unchanged') throw conflict(`cannot set the status of job ${id}: ${outcome.reason}`);
        } else {
          const patch = dto.statusMessage !== undefined ? { statusMessage: dto.statusMessage } : {};
          const result = await this.writer.transitionIn(m, job, outcome.plan, { patch, message: dto.statusMessage ?? 'status set by the app' });
          outbox.push(...result.outbox);
        }
      }
    });
    await this.publisher.publish(outbox);
    return presentJob((await this.jobs.findById(id))!);
  }

  /** Loads and locks a job the viewer may change: its owner, or a key allowed to act on all jobs. */
  async lockForChange(m: EntityManager, viewer: Viewer, id: string): Promise<JobEntity> {
    const visible = await this.jobs.findVisible(viewer, id, m);
    if (!visible) throw notFound(`job ${id}`);
    if (!viewer.all && visible.userId !== viewer.user) {
      throw new ForbiddenException(`job ${id} is shared with you; only its owner (or a key with the jobs_table_actions scope) may change it`);
    }
    await m.query(`SELECT id FROM jobs WHERE id = $1 FOR UPDATE`, [id]);
    const job = await this.jobs.findById(id, m);
    if (!job || job.deletedAt) throw notFound(`job ${id}`);
    return job;
  }
}
