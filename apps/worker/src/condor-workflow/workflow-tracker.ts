import type { JobEntity } from '../../../../libs/persistence/src/index.js';
import {
  dagmanStatus, dagOutcome, nodeStateOf, workflowRuntime, type NodeState, type ProcessState,
} from '../../../../libs/schedulers/src/index.js';
import { hopeless } from '../condor/condor-services.js';
import type { WorkflowServices } from './workflow-services.js';

/** What one look at a DAG found (poll, event logs or a refresh). */
export interface DagReport {
  /** The DAGMan job, when this look saw it. */
  dagman?: ProcessState;
  /** New states of the nodes this look saw change. */
  nodes: ReadonlyMap<string, NodeState>;
}

/**
 * Applies what was seen of a DAG: node states first, then the workflow's
 * status from its DAGMan job. When DAGMan has ended, DAGMan's own files
 * decide (failed nodes, rescue DAG) and every node gets its final state
 * before the workflow's status changes, so a client that sees the
 * workflow finished also sees its nodes finished.
 */
export class WorkflowTracker {
  constructor(private readonly wf: WorkflowServices) {}

  async apply(job: JobEntity, report: DagReport, source: string, runtime?: Record<string, unknown>): Promise<void> {
    await this.wf.nodeWriter.write(job, report.nodes);
    if (!report.dagman) {
      if (runtime) await this.wf.jobWriter.patch(job.id, { runtime }, job.attempt);
      return;
    }
    const status = dagmanStatus(report.dagman);
    if (status !== 'ended') {
      await this.wf.reporter.report(job, status, source, runtime);
      return;
    }
    const submitted = workflowRuntime(job.runtime);
    if (!submitted) return;
    const scheduler = await this.wf.schedulerOf(job);
    const nodes = (await this.wf.nodes.list(job.id)).map((r) => ({
      name: r.name, state: nodeStateOf(r), abortDagOn: r.spec.abortDagOn as number | undefined,
    }));
    const outcome = await hopeless(() => dagOutcome(this.wf.runnerOf(scheduler), submitted, report.dagman!, nodes));
    await this.wf.nodeWriter.write(job, outcome.nodes, true);
    await this.wf.reporter.report(job, outcome.status, source, runtime);
  }
}
