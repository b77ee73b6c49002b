import { DataSource, EntityManager } from 'typeorm';
import type { StatusCode } from '../../../domain/src/index.js';

/** What the scheduler last showed of a node. */
export interface NodeRuntime {
  status: StatusCode;
  clusterId: number | null;
  exitCode: number | null;
  message: string | null;
}

export interface NewWorkflowNode {
  name: string;
  parents: string[];
  /** The rest of the node as requested (its job and DAG settings). */
  spec: Record<string, unknown>;
}

export interface WorkflowNodeRow extends NewWorkflowNode, NodeRuntime {
  position: number;
  updatedAt: Date;
}

/** A node's state before its DAG runs: Pending, or Complete for a node marked DONE (DAGMan runs nothing of it). */
const INITIAL = {
  status: `CASE WHEN n.spec->>'done' = 'true' THEN 'COM' ELSE 'PEN' END`,
  message: `CASE WHEN n.spec->>'done' = 'true' THEN 'marked DONE: not run' END`,
};

/** The nodes of CONDORWORKFLOW jobs. Writes take the caller's transaction. */
export class WorkflowNodesRepository {
  constructor(private readonly ds: DataSource) {}

  /** Appends nodes after the job's existing ones, in one statement. */
  async insert(m: EntityManager, jobId: string, nodes: readonly NewWorkflowNode[]): Promise<void> {
    if (nodes.length === 0) return;
    await m.query(
      `INSERT INTO workflow_nodes (job_id, name, position, parents, spec, status, message)
       SELECT $1, n.name, COALESCE((SELECT max(position) + 1 FROM workflow_nodes WHERE job_id = $1), 0) + n.i - 1,
              ARRAY(SELECT jsonb_array_elements_text(n.parents)), n.spec, ${INITIAL.status}, ${INITIAL.message}
       FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (name text, parents jsonb, spec jsonb)) WITH ORDINALITY AS n(name, parents, spec, i)`,
      [jobId, JSON.stringify(nodes.map(({ name, parents, spec }) => ({ name, parents, spec })))],
    );
  }

  async list(jobId: string, m: EntityManager = this.ds.manager): Promise<WorkflowNodeRow[]> {
    const rows: Record<string, any>[] = await m.query(`SELECT * FROM workflow_nodes WHERE job_id = $1 ORDER BY position`, [jobId]);
    return rows.map((r) => ({
      name: r.name,
      position: r.position,
      parents: r.parents,
      spec: r.spec,
      status: r.status,
      clusterId: r.cluster_id === null ? null : Number(r.cluster_id),
      exitCode: r.exit_code,
      message: r.message,
      updatedAt: r.updated_at,
    }));
  }

  /** `jobId/name` of the nodes of these jobs that have a POST script (it, not the job, decides such a node). */
  async withPostScript(jobIds: readonly string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows: { key: string }[] = await this.ds.query(
      `SELECT job_id || '/' || name AS key FROM workflow_nodes WHERE job_id = ANY($1::bigint[]) AND spec ? 'postScript'`,
      [jobIds],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** The nodes' runtime, locked until the transaction ends: writers of one workflow's nodes go one at a time. */
  async lockRuntime(m: EntityManager, jobId: string): Promise<Map<string, NodeRuntime>> {
    const rows: Record<string, any>[] = await m.query(
      `SELECT name, status, cluster_id, exit_code, message FROM workflow_nodes WHERE job_id = $1 ORDER BY position FOR UPDATE`,
      [jobId],
    );
    return new Map(rows.map((r) => [r.name, {
      status: r.status, clusterId: r.cluster_id === null ? null : Number(r.cluster_id), exitCode: r.exit_code, message: r.message,
    }]));
  }

  async writeRuntime(m: EntityManager, jobId: string, states: ReadonlyMap<string, NodeRuntime>): Promise<void> {
    if (states.size === 0) return;
    await m.query(
      `UPDATE workflow_nodes w SET status = s.status, cluster_id = s."clusterId", exit_code = s."exitCode",
              message = left(s.message, 2048), updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS s(name text, status text, "clusterId" bigint, "exitCode" int, message text)
       WHERE w.job_id = $1 AND w.name = s.name`,
      [jobId, JSON.stringify([...states].map(([name, state]) => ({ name, ...state })))],
    );
  }

  /**
   * Before a new attempt: nodes back to their initial state, except, when
   * `keepComplete`, the completed ones (a rescue DAG does not run them again).
   */
  async reset(m: EntityManager, jobId: string, keepComplete: boolean): Promise<void> {
    await m.query(
      `UPDATE workflow_nodes n SET status = ${INITIAL.status}, message = ${INITIAL.message},
              cluster_id = NULL, exit_code = NULL, updated_at = now()
       WHERE n.job_id = $1 AND NOT ($2 AND n.status = 'COM')`,
      [jobId, keepComplete],
    );
  }
}
