import type { NewWorkflowNode, WorkflowNodeRow } from '../../../../persistence/src/index.js';
import type { NodeState } from './node-state.js';
import type { WorkflowNodeSpec } from './workflow-spec.js';

/** A requested node as stored: name and parents in their columns, the rest as `spec`. */
export function nodeRowOf(node: WorkflowNodeSpec): NewWorkflowNode {
  const { name, parents, ...spec } = node;
  return { name, parents, spec: spec as Record<string, unknown> };
}

/** A stored node as requested. */
export function nodeSpecOf(row: Pick<WorkflowNodeRow, 'name' | 'parents' | 'spec'>): WorkflowNodeSpec {
  return { ...(row.spec as Omit<WorkflowNodeSpec, 'name' | 'parents'>), name: row.name, parents: row.parents };
}

export function nodeStateOf(row: Pick<WorkflowNodeRow, 'status' | 'clusterId' | 'exitCode' | 'message'>): NodeState {
  return { status: row.status, clusterId: row.clusterId, exitCode: row.exitCode, message: row.message };
}
