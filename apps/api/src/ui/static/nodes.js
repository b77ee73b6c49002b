// Workflow nodes (GET .../jobs/{id}/nodes): name, status, parents, children.
// Statuses may come as job status codes, names, or HTCondor states; they
// are folded into the few states a progress bar and a graph show.

/** Job types whose jobs have nodes. */
export const NODE_JOB_TYPES = new Set(['CONDORWORKFLOW']);

const STATE = {
  com: 'completed', complete: 'completed', completed: 'completed', vcp: 'completed', 'various-complete': 'completed',
  res: 'completed', 'results-ready': 'completed', done: 'completed', success: 'completed', succeeded: 'completed',
  run: 'running', running: 'running', var: 'running', various: 'running', executing: 'running',
  err: 'error', error: 'error', held: 'error', submission_err: 'error', failed: 'error', failure: 'error',
  abt: 'aborted', aborted: 'aborted', removed: 'aborted', cancelled: 'aborted', canceled: 'aborted',
  pas: 'paused', paused: 'paused', suspended: 'paused',
};

export const NODE_STATES = ['completed', 'running', 'error', 'aborted', 'paused', 'waiting'];
export const STATE_LABELS = {
  completed: 'Complete', running: 'Running', error: 'Error', aborted: 'Aborted', paused: 'Paused', waiting: 'Waiting',
};

export function nodeState(node) {
  const raw = String(node.statusCode ?? node.status ?? '').trim().toLowerCase();
  return STATE[raw] ?? STATE[String(node.status ?? '').trim().toLowerCase()] ?? 'waiting';
}

/** Accepts {nodes: [...]}, {items: [...]} or a bare list; returns null when it is none of them. */
export function normalizeNodes(body) {
  const list = Array.isArray(body) ? body : Array.isArray(body?.nodes) ? body.nodes : Array.isArray(body?.items) ? body.items : null;
  if (!list) return null;
  const names = new Set(list.map((n) => String(n.name)));
  return list.map((n) => ({
    id: String(n.name),
    label: String(n.displayName ?? n.name),
    status: String(n.status ?? n.statusCode ?? ''),
    state: nodeState(n),
    clusterId: n.clusterId ?? null,
    parents: (Array.isArray(n.parents) ? n.parents : []).map(String).filter((p) => names.has(p)),
  }));
}

export function countStates(nodes) {
  const counts = Object.fromEntries(NODE_STATES.map((s) => [s, 0]));
  for (const n of nodes) counts[n.state] += 1;
  return counts;
}
