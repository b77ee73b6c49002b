import path from 'node:path';
import type { BackendJob } from '../../backend.js';
import { execChecked, type CommandRunner } from '../../runner/command-runner.js';
import { statFiles } from '../../runner/remote-files.js';
import { commandLine, sh } from '../../ssh/shell-quote.js';
import { clusterOfToken } from '../condor-commands.js';
import { localInputs, rejectInvalid, submitFailure } from '../condor-submit.js';
import { stampLiteral } from '../job-stamp.js';
import { parseSubmitOutput } from '../queue-output.js';
import { WorkflowLayout } from './workflow-layout.js';
import { nodeToken, type EventLogOffsets, type WorkflowRuntime, type WorkflowSubmitting } from './workflow-runtime.js';
import type { WorkflowNodeSpec, WorkflowSpec } from './workflow-spec.js';

/** A CONDORWORKFLOW job as the backend sees it: the job, and its nodes in order. */
export interface WorkflowJob extends BackendJob {
  nodes: WorkflowNodeSpec[];
}

export function workflowLayout(job: WorkflowJob): WorkflowLayout {
  return rejectInvalid(() => new WorkflowLayout(job.name, job.spec as unknown as WorkflowSpec, job.nodes));
}

/**
 * Submits one attempt of a workflow with condor_submit_dag in its remote
 * directory, the DAGMan job stamped with `+JobsApiId`/`+JobsApiToken`
 * (`-append`, which real condor_submit_dag and the simulator both put in
 * the `.condor.sub` file). A new run writes the DAG, its configuration,
 * the node submit files and inputs first, and passes `-f` (a retry may
 * find a `.condor.sub` an interrupted try left; a fresh directory has no
 * rescue DAG for `-f` to set aside). A rescue run writes nothing and
 * leaves `-f` out, so condor_submit_dag runs the latest rescue DAG and
 * completed nodes are not run again. When an earlier delivery may already
 * have submitted, the schedd is asked first and that DAG is adopted.
 */
export async function submitWorkflow(runner: CommandRunner, job: WorkflowJob, submitting: WorkflowSubmitting): Promise<WorkflowRuntime> {
  const layout = workflowLayout(job);
  const adopted = submitting.retry ? await clusterOfToken(runner, submitting.token) : undefined;
  if (adopted === undefined && !submitting.rescue) await writeWorkflow(runner, job, layout, submitting.remoteDir);
  const clusterId = adopted ?? (await submitDag(runner, job.id, layout.dagFile, submitting));
  return {
    token: submitting.token,
    remoteDir: submitting.remoteDir,
    dagFile: layout.dagFile,
    clusterId,
    rescue: submitting.rescue,
    eventLogOffsets: submitting.eventLogOffsets,
    dagman: [],
    logsOnScheduler: true,
    adopted: adopted !== undefined,
  };
}

async function writeWorkflow(runner: CommandRunner, job: WorkflowJob, layout: WorkflowLayout, remoteDir: string): Promise<void> {
  const inputs = layout.inputs();
  const local = await localInputs(job.workspace, inputs.map((i) => i.file), (i) => inputs[i].field);
  const token = path.posix.basename(remoteDir);
  const files = rejectInvalid(() => layout.files({ jobsApiId: job.id, jobsApiToken: nodeToken(token) }));
  const dirs = [remoteDir, ...layout.directories().map((d) => path.posix.join(remoteDir, d))];
  await execChecked(runner, 'xargs -0 mkdir -p --', { input: dirs.map((d) => `${d}\0`).join('') });
  for (const [i, input] of inputs.entries()) await runner.upload(local[i].local, path.posix.join(remoteDir, input.to, local[i].name));
  for (const [file, text] of files) await runner.writeFile(path.posix.join(remoteDir, file), text);
}

async function submitDag(runner: CommandRunner, jobId: string, dagFile: string, submitting: WorkflowSubmitting): Promise<number> {
  const command = commandLine([
    'condor_submit_dag', ...(submitting.rescue ? [] : ['-f']),
    '-append', `+JobsApiId = ${stampLiteral('jobsApiId', jobId)}`,
    '-append', `+JobsApiToken = ${stampLiteral('jobsApiToken', submitting.token)}`,
    dagFile,
  ]);
  const result = await runner.exec(command, { cwd: submitting.remoteDir });
  if (result.code !== 0) throw submitFailure(command, runner.target, result, 'condor_submit_dag');
  return parseSubmitOutput(result.stdout, result.stderr).clusterId;
}

/**
 * Whether a finished run left a rescue DAG to continue from (its DAG file
 * and at least one `<dag>.rescueNNN` in its directory), and where its
 * event logs end: a rerun appends to them.
 */
export async function rescuePoint(runner: CommandRunner, previous: WorkflowRuntime): Promise<{ rescue: boolean; eventLogOffsets: EventLogOffsets }> {
  const at = (file: string) => path.posix.join(previous.remoteDir, file);
  const dag = at(previous.dagFile);
  const logs = { dagman: at(`${previous.dagFile}.dagman.log`), nodes: at(`${previous.dagFile}.nodes.log`) };
  const found = await statFiles(runner, [dag, logs.dagman, logs.nodes]);
  const rescues = found.has(dag)
    ? await execChecked(runner, sh`find ${previous.remoteDir} -maxdepth 1 -name ${`${previous.dagFile}.rescue[0-9][0-9][0-9]`}`)
    : null;
  return {
    rescue: (rescues?.stdout.trim() ?? '') !== '',
    eventLogOffsets: { dagman: found.get(logs.dagman)?.size ?? 0, nodes: found.get(logs.nodes)?.size ?? 0 },
  };
}
