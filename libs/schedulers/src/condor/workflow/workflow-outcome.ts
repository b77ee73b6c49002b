import path from 'node:path';
import type { BackendStatus } from '../../backend.js';
import type { CommandRunner } from '../../runner/command-runner.js';
import { parseDagmanOut, type DagmanOutSummary } from '../dag/dagman-out.js';
import { readLogTail } from '../condor-outputs.js';
import { JobStatus, type ProcessState } from '../status-map.js';
import type { NodeState } from './node-state.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/** How a DAG ended: the workflow's status and every node's final state. */
export interface DagOutcome {
  status: BackendStatus;
  nodes: Map<string, NodeState>;
}

/** What the outcome needs of each node: its live state and its ABORT-DAG-ON value. */
export interface OutcomeNode {
  name: string;
  state: NodeState;
  abortDagOn?: number;
}

const MAX_NAMED = 10;

/**
 * Reads how an ended DAG went from DAGMan's own files: the last run in
 * `<dag>.dagman.out` (failed nodes with their return values, an
 * ABORT-DAG-ON) and the rescue DAG it wrote (the nodes that completed).
 * Exit 0 → Complete (then results); removed → Aborted; otherwise Error
 * naming the failing nodes and the rescue DAG, which a resubmit runs.
 */
export async function dagOutcome(runner: CommandRunner, runtime: WorkflowRuntime, dagman: ProcessState, nodes: readonly OutcomeNode[]): Promise<DagOutcome> {
  const out = `${runtime.dagFile}.dagman.out`;
  const summary = parseDagmanOut(await readLogTail(runner, path.posix.join(runtime.remoteDir, out), out).catch(() => ''));
  const done = summary.rescueFile ? await doneNodes(runner, path.posix.join(runtime.remoteDir, path.posix.basename(summary.rescueFile))) : null;
  const succeeded = dagman.jobStatus === JobStatus.Completed && dagman.exitCode === 0 && !dagman.exitBySignal;
  const failed = new Map(summary.failedNodes.map((n) => [n.name, n]));
  const aborter = summary.abortedBy ? nodes.find((n) => n.abortDagOn !== undefined && summary.jobFailures.get(n.name)?.status === n.abortDagOn) : undefined;
  const finals = new Map<string, NodeState>();
  for (const node of nodes) {
    const fail = failed.get(node.name);
    const { clusterId } = node.state;
    if (succeeded || done?.has(node.name) || (!done && node.state.status === 'COM')) {
      finals.set(node.name, { ...node.state, status: 'COM', message: node.state.status === 'COM' ? node.state.message : null });
    } else if (fail) {
      finals.set(node.name, { status: 'ERR', clusterId, exitCode: fail.returnValue ?? null, message: fail.error ?? 'failed' });
    } else if (node === aborter) {
      finals.set(node.name, { status: 'ERR', clusterId, exitCode: node.abortDagOn!, message: `returned its ABORT-DAG-ON value ${node.abortDagOn}` });
    } else {
      const why = dagman.jobStatus === JobStatus.Removed ? 'removed with the DAG' : 'not run: the DAG stopped first';
      finals.set(node.name, { status: 'ABT', clusterId, exitCode: node.state.exitCode, message: why });
    }
  }
  return { status: succeeded ? { code: 'COM' } : failure(dagman, summary, finals, aborter?.name), nodes: finals };
}

function failure(dagman: ProcessState, summary: DagmanOutSummary, finals: Map<string, NodeState>, aborter?: string): BackendStatus {
  const rescue = summary.rescueFile
    ? `; rescue DAG ${path.posix.basename(summary.rescueFile)} written: resubmit to run only the nodes that did not complete`
    : '';
  if (dagman.jobStatus === JobStatus.Removed) return { code: 'ABT', message: `the DAG was removed${rescue}` };
  const failed = [...finals].filter(([, s]) => s.status === 'ERR').map(([name, s]) => (s.exitCode === null ? name : `${name} (exit ${s.exitCode})`));
  const named = failed.length > MAX_NAMED ? [...failed.slice(0, MAX_NAMED), `and ${failed.length - MAX_NAMED} more`] : failed;
  const how = aborter ? `aborted by ABORT-DAG-ON of node ${aborter}` : summary.abortedBy ? `aborted by ABORT-DAG-ON of a ${summary.abortedBy}` : 'failed';
  const exit = dagman.exitBySignal ? `DAGMan ended by signal ${dagman.exitSignal}` : `DAGMan exit code ${dagman.exitCode ?? 'unknown'}`;
  const nodesPart = named.length ? `; failed node${failed.length === 1 ? '' : 's'}: ${named.join(', ')}` : '';
  return { code: 'ERR', message: `DAG ${how} (${exit})${nodesPart}${rescue}` };
}

/** The `DONE node` lines of a rescue DAG. */
async function doneNodes(runner: CommandRunner, file: string): Promise<Set<string>> {
  const text = (await runner.readFile(file).catch(() => Buffer.from(''))).toString('utf8');
  return new Set(text.split('\n').flatMap((line) => /^DONE\s+(\S+)/i.exec(line.trim())?.[1] ?? []));
}
