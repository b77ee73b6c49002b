import path from 'node:path';
import { CondorLayout } from '../condor-layout.js';
import type { CondorJobSpec } from '../condor-spec.js';
import { dagFileName, workflowFiles, type NodeJobStamps } from '../dag/dagman-input-file.js';
import type { Workflow, WorkflowNode } from '../dag/dagman-workflow.types.js';
import { prefixed, type WorkflowNodeSpec, type WorkflowSpec } from './workflow-spec.js';

/** One log file of a workflow, relative to its remote directory (and to `<jobDir>/logs` once synced). */
export interface WorkflowLogFile {
  path: string;
  /** `workflow`, or the node's name. */
  group: string;
  kind: string;
}

interface NodeLayout {
  spec: WorkflowNodeSpec;
  /** The node's files as those of a CONDOR job, relative to `base`. */
  job: CondorLayout;
  /** The node's DIR, or '' (the workflow directory). */
  base: string;
}

/**
 * The files of a workflow on the scheduler, relative to its remote
 * directory (condorpy's layout):
 *
 *     <name>.dag  <name>.dag.config        DAG file, optional DAGMan configuration
 *     <name>.dag.dagman.out|.dagman.log|.nodes.log|.lib.out|.lib.err|.rescueNNN   written by HTCondor
 *     <inputs>                              the workflow's remoteInputFiles (scripts, shared executables)
 *     [<dir>/]<node>/<node>.job             each node's submit file, inputs and logs/ (as a CONDOR job's)
 */
export class WorkflowLayout {
  readonly dagFile: string;
  readonly configFile: string | null;
  private readonly nodes: NodeLayout[];

  constructor(
    name: string,
    private readonly spec: WorkflowSpec,
    nodes: readonly WorkflowNodeSpec[],
  ) {
    this.dagFile = dagFileName(name);
    this.configFile = spec.config ? `${this.dagFile}.config` : null;
    this.nodes = nodes.map((node, i) => ({
      spec: node,
      job: prefixed(`nodes[${i}]`, () => new CondorLayout(node.name, { ...node.job, scheduler: spec.scheduler } as CondorJobSpec, 'workflow')),
      base: node.dir ?? '',
    }));
  }

  /** The workflow in the DAG library's terms. */
  workflow(): Workflow {
    return {
      name: this.dagFile.slice(0, -'.dag'.length),
      maxJobs: this.spec.maxJobs,
      ...(this.configFile ? { config: this.configFile } : {}),
      nodes: this.nodes.map(({ spec, job }): WorkflowNode => {
        const { job: description, ...dag } = spec;
        return { ...dag, submit: { attributes: job.attributes, queue: description.numJobs }, submitFile: job.submitFile };
      }),
    };
  }

  /** Every file the service writes: DAG file, configuration and node submit files (validated as they are written). */
  files(stamps: NodeJobStamps): Map<string, string> {
    const files = workflowFiles(this.workflow(), stamps);
    if (this.configFile) {
      const lines = Object.entries(this.spec.config!).map(([key, value]) => `${key} = ${value}`);
      files.set(this.configFile, `${lines.join('\n')}\n`);
    }
    return files;
  }

  /** Directories HTCondor expects to exist, relative to the workflow directory. */
  directories(): string[] {
    const dirs = this.nodes.flatMap((n, i) => prefixed(`nodes[${i}]`, () => n.job.directories()).map((d) => path.posix.join(n.base, d)));
    return [...new Set(dirs)];
  }

  /** Workspace files to upload and the directory each goes to (relative to the workflow directory). */
  inputs(): { file: string; field: string; to: string }[] {
    const shared = this.spec.remoteInputFiles.map((file, i) => ({ file, field: `remoteInputFiles[${i}]`, to: '.' }));
    const own = this.nodes.flatMap((n, i) =>
      n.spec.job.remoteInputFiles.map((file, j) => ({ file, field: `nodes[${i}].remoteInputFiles[${j}]`, to: path.posix.join(n.base, n.job.initialDir) })),
    );
    return [...shared, ...own];
  }

  /** The files of DAGMan (Tethys' `_log_files` "workflow" group, plus the nodes log). */
  workflowLogs(): WorkflowLogFile[] {
    const kinds = { 'dagman.out': 'out', 'dagman.log': 'log', 'nodes.log': 'nodes', 'lib.err': 'error', 'lib.out': 'lib-out' };
    return Object.entries(kinds).map(([suffix, kind]) => ({ path: `${this.dagFile}.${suffix}`, group: 'workflow', kind }));
  }

  /** A node's event log and per-process output and error for one of its clusters. */
  nodeLogs(name: string, cluster: number): WorkflowLogFile[] {
    const node = this.nodes.find((n) => n.spec.name === name);
    if (!node) return [];
    return node.job.logFiles(cluster).map((f) => ({ path: path.posix.join(node.base, f.path), group: name, kind: f.kind }));
  }

  /** Paths relative to the workflow directory of DAGMan's event logs (push tracking). */
  get eventLogs(): { dagman: string; nodes: string } {
    return { dagman: `${this.dagFile}.dagman.log`, nodes: `${this.dagFile}.nodes.log` };
  }
}

/**
 * Checks everything about a workflow that can be checked before it runs
 * (the graph, DAG syntax, every node's job) by rendering its files; the
 * API calls this when nodes are created. Errors name fields like
 * `nodes[2].parents`.
 */
export function checkWorkflow(spec: WorkflowSpec, nodes: readonly WorkflowNodeSpec[]): void {
  const layout = new WorkflowLayout('check', spec, nodes);
  layout.files({ jobsApiId: 'check', jobsApiToken: 'check' });
  layout.directories();
  nodes.forEach((node, i) => prefixed(`nodes[${i}]`, () => layout.nodeLogs(node.name, 1)));
}
