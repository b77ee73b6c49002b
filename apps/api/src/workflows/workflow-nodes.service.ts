import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, DomainError, displayStatus, invalid, Viewer } from '../../../../libs/domain/src/index.js';
import {
  JobEntity, JobEventsRepository, OutboxRepository, storedStatus, WorkflowNodesRepository,
} from '../../../../libs/persistence/src/index.js';
import {
  checkWorkflow, nodeRowOf, nodeSpecOf, parseNodes, type WorkflowSpec,
} from '../../../../libs/schedulers/src/condor/workflow/index.js';
import { JobActionsService } from '../jobs/job-actions.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { presentNodes, WorkflowNodeDto } from './workflow-node.presenter.js';

/** The nodes of CONDORWORKFLOW jobs: read from the database (never one scheduler query per node), added before execute. */
@Injectable()
export class WorkflowNodesService {
  constructor(
    private readonly ds: DataSource,
    private readonly jobs: JobsService,
    private readonly actions: JobActionsService,
    private readonly nodes: WorkflowNodesRepository,
    private readonly events: JobEventsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async list(viewer: Viewer, id: string): Promise<{ nodes: WorkflowNodeDto[] }> {
    requireWorkflow(await this.jobs.require(viewer, id));
    return { nodes: presentNodes(await this.nodes.list(id)) };
  }

  /** Adds nodes (which may name existing nodes as parents) while the workflow is Pending and not being executed. */
  async add(viewer: Viewer, id: string, body: unknown): Promise<{ nodes: WorkflowNodeDto[] }> {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const unknown = Object.keys(fields).find((k) => k !== 'nodes');
    if (unknown !== undefined) throw invalid(unknown, 'is not a field here; send {"nodes": [...]}');
    await this.ds.transaction(async (m) => {
      const job = requireWorkflow(await this.actions.lockForChange(m, viewer, id));
      if (job.status !== 'PEN') {
        throw conflict(`nodes can only be added before a workflow is executed; job ${id} is ${displayStatus(storedStatus(job))}`);
      }
      const pending = await this.outbox.pendingUserAction(m, id);
      if (pending) throw conflict(`nodes can only be added before a workflow is executed; "${pending.action}" of job ${id} is in progress`);
      const existing = (await this.nodes.list(id, m)).map(nodeSpecOf);
      const spec = job.spec as unknown as WorkflowSpec;
      const added = parseNodes(fields.nodes, spec.scheduler, existing.length);
      if (added.length === 0) throw invalid('nodes', 'add at least one node');
      relativeTo(existing.length, () => checkWorkflow(spec, [...existing, ...added]));
      await this.nodes.insert(m, id, added.map(nodeRowOf));
      await this.events.append(m, job, {
        type: 'updated', from: job.status, to: job.status, status: null, message: `nodes added: ${added.map((n) => n.name).join(', ')}`,
      });
    });
    return this.list(viewer, id);
  }
}

function requireWorkflow(job: JobEntity): JobEntity {
  if (job.jobType !== 'CONDORWORKFLOW') throw invalid('id', `job ${job.id} is a ${job.jobType} job; only CONDORWORKFLOW jobs have nodes`);
  return job;
}

/** Errors about the whole workflow name nodes by their place in it; those of the request are renumbered from 0. */
function relativeTo(offset: number, check: () => void): void {
  try {
    check();
  } catch (err) {
    const at = err instanceof DomainError && err.field ? /^nodes\[(\d+)\](.*)$/.exec(err.field) : null;
    if (!at || Number(at[1]) < offset) throw err;
    const { field, message } = err as DomainError;
    throw invalid(`nodes[${Number(at[1]) - offset}]${at[2]}`, message.slice(field!.length + 2));
  }
}
