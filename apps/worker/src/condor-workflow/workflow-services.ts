import {
  JobEntity, JobEventsRepository, JobWriter, SchedulerEntity, WorkflowNodesRepository,
} from '../../../../libs/persistence/src/index.js';
import { nodeSpecOf, type WorkflowJob } from '../../../../libs/schedulers/src/index.js';
import { backendJob, CondorServices } from '../condor/condor-services.js';
import type { WorkerServices } from '../runtime/worker-services.js';
import { NodeWriter } from './node-writer.js';

/**
 * What the CONDORWORKFLOW handlers, poll and log watcher share in one
 * worker process: the CONDOR services (SSH runners, schedulers, status
 * reporter) plus the workflow nodes.
 */
export class WorkflowServices extends CondorServices {
  readonly nodes: WorkflowNodesRepository;
  readonly nodeWriter: NodeWriter;
  readonly jobWriter: JobWriter;

  constructor(worker: WorkerServices) {
    super(worker);
    this.nodes = new WorkflowNodesRepository(worker.ds);
    this.jobWriter = new JobWriter(worker.ds);
    this.nodeWriter = new NodeWriter(worker.ds, this.nodes, new JobEventsRepository(worker.ds));
  }

  /** The backend's view of a workflow job with its nodes, runtime fields overridden. */
  async load(job: JobEntity, runtime: Record<string, unknown> = {}): Promise<WorkflowJob> {
    return { ...backendJob(job, runtime), nodes: (await this.nodes.list(job.id)).map(nodeSpecOf) };
  }

  /** Node name → latest cluster, for the nodes that had a job (their log files). */
  async clusters(jobId: string): Promise<Map<string, number>> {
    const rows = await this.nodes.list(jobId);
    return new Map(rows.flatMap((r) => (r.clusterId ? [[r.name, r.clusterId] as const] : [])));
  }

  runnerOf(scheduler: SchedulerEntity) {
    return this.runners.runner(scheduler);
  }
}
