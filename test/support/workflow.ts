import { parseEventLog } from '../../libs/schedulers/src/condor/event-log.js';
import type { ApiClient } from './http.js';
import type { Stack } from './stack.js';
import { waitFor } from './wait.js';

/** Helpers for CONDORWORKFLOW e2e tests. */

/**
 * A node's job: `step.sh SECONDS EXIT [FAILURES]` counts its runs in
 * runs.txt (in the node's directory), sleeps, then exits EXIT during the
 * first FAILURES runs (every run without FAILURES) and 0 after.
 */
export const STEP = `#!/bin/sh
echo run >> runs.txt
n=$(wc -l < runs.txt)
sleep "$1"
if [ -z "$3" ] || [ "$n" -le "$3" ]; then exit "$2"; fi
exit 0
`;

/** `gate.sh FILE` waits until FILE exists (a minute at most): the test decides when the node's job ends. */
export const GATE = `#!/bin/sh
i=0
while [ ! -e "$1" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
`;

/** A node running step.sh (uploaded next to the DAG file) with these arguments. */
export const step = (name: string, args: (string | number)[], more: Record<string, unknown> = {}) => ({
  name, executable: '../step.sh', arguments: args.map(String), ...more,
});

export interface NodeDto {
  name: string;
  statusCode: string;
  status: string;
  clusterId: number | null;
  exitCode: number | null;
  message: string | null;
  parents: string[];
  children: string[];
}

export async function nodesOf(client: ApiClient, jobs: string, id: string): Promise<Record<string, NodeDto>> {
  const res = await client.get(`${jobs}/${id}/nodes`);
  if (res.status !== 200) throw new Error(`nodes of job ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return Object.fromEntries((res.body.nodes as NodeDto[]).map((n) => [n.name, n]));
}

/** Waits until a node shows one of `codes`. */
export function nodeReaches(client: ApiClient, jobs: string, id: string, node: string, codes: string[], timeoutMs = 30_000): Promise<NodeDto> {
  return waitFor(`node ${node} of job ${id} to be ${codes.join(' or ')}`, async () => {
    const found = (await nodesOf(client, jobs, id))[node];
    return found && codes.includes(found.statusCode) ? found : undefined;
  }, timeoutMs, 100);
}

/** Node statuses in the order the `updated` job events announced them, e.g. ["A Running", "A Complete", ...]. */
export async function nodeTimeline(stack: Stack, id: string): Promise<string[]> {
  const rows: { message: string }[] = await stack.ds.query(
    `SELECT message FROM job_events WHERE job_id = $1 AND type = 'updated' AND message LIKE 'nodes: %' ORDER BY id`, [id],
  );
  return rows.flatMap((r) => r.message.slice('nodes: '.length).split(', ').map((part) => part.replace(/ \(exit -?\d+\)$/, '')));
}

/** Events of a DAG's nodes log: [event number, node] in log order (node jobs matched to their submit event's node). */
export function nodeLogEvents(text: string): [number, string][] {
  const byCluster = new Map<number, string>();
  return parseEventLog(Buffer.from(text), 0).events.flatMap((e) => {
    if (e.dagNode && e.cluster > 0) byCluster.set(e.cluster, e.dagNode);
    const node = e.dagNode ?? byCluster.get(e.cluster);
    return node ? [[e.eventNumber, node] as [number, string]] : [];
  });
}

/** A workflow's log file (listed under logs) by its name's ending. */
export async function logText(client: ApiClient, jobs: string, id: string, ending: string): Promise<string> {
  const { body } = await client.get(`${jobs}/${id}/logs`);
  const file = (body.files as { path: string }[] | undefined)?.find((f) => f.path.endsWith(ending));
  if (!file) throw new Error(`no log ending with ${ending} in ${JSON.stringify(body)}`);
  const res = await client.get(`${jobs}/${id}/logs/${file.path}`);
  if (res.status !== 200) throw new Error(`reading ${file.path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as string;
}
