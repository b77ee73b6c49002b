import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError, resolveInside } from '../../../domain/src/index.js';
import { BackendRejection, type BackendJob } from '../backend.js';
import { CommandFailedError, execChecked, type CommandRunner, type ExecResult } from '../runner/command-runner.js';
import { commandLine, sh } from '../ssh/shell-quote.js';
import { clusterOfToken } from './condor-commands.js';
import { CondorLayout } from './condor-layout.js';
import type { CondorRuntime, CondorSubmitting } from './condor-runtime.js';
import type { CondorJobSpec } from './condor-spec.js';
import { parseSubmitOutput } from './queue-output.js';

/**
 * Submits one attempt of a CONDOR job the way condorpy does (directories,
 * inputs, `<initialdir>/<job_name>.job`, condor_submit in the job's remote
 * directory), stamped with `+JobsApiId`/`+JobsApiToken`. When an earlier
 * delivery may already have submitted with the same token, the schedd is
 * asked first and that cluster is adopted instead of submitting twice.
 */
export async function submitCondorJob(runner: CommandRunner, job: BackendJob, submitting: CondorSubmitting): Promise<CondorRuntime> {
  const layout = rejectInvalid(() => new CondorLayout(job.name, job.spec as unknown as CondorJobSpec, submitting.token));
  const adopted = submitting.retry ? await clusterOfToken(runner, submitting.token) : undefined;
  const clusterId = adopted ?? (await submitNew(runner, job, layout, submitting.token));
  const log = layout.eventLog(clusterId);
  return {
    token: submitting.token,
    remoteDir: layout.remoteDir,
    clusterId,
    eventLog: log ? path.posix.join(layout.remoteDir, log) : null,
    eventLogOffset: 0,
    processes: [],
    logsOnScheduler: true,
    adopted: adopted !== undefined,
  };
}

/** Directories named on the submit command line at most; more (one per process) go through stdin first. */
const INLINE_DIRS = 50;

async function submitNew(runner: CommandRunner, job: BackendJob, layout: CondorLayout, token: string): Promise<number> {
  const inputs = await localInputs(job.workspace, layout.spec.remoteInputFiles);
  const description = rejectInvalid(() => layout.submitDescription(job.id, token));
  const dirs = layout.directories().map((d) => path.posix.join(layout.remoteDir, d));
  // Without inputs to upload in between, one round trip makes the directories, writes the description and submits.
  const inline = inputs.length === 0 && dirs.length <= INLINE_DIRS;
  if (!inline) {
    await execChecked(runner, 'xargs -0 mkdir -p --', { input: dirs.map((d) => `${d}\0`).join('') });
    for (const input of inputs) await runner.upload(input.local, path.posix.join(layout.remoteDir, layout.initialDir, input.name));
  }
  const submitFile = path.posix.join(layout.remoteDir, layout.submitFile);
  const command = `${inline ? sh`mkdir -p -- ${dirs} && ` : ''}${sh`cat > ${submitFile} && cd -- ${layout.remoteDir} && `}${commandLine(['condor_submit', layout.submitFile])}`;
  const result = await runner.exec(command, { input: description });
  if (result.code !== 0) throw submitFailure(command, runner.target, result);
  return parseSubmitOutput(result.stdout, result.stderr).clusterId;
}

/** The input files, checked before anything reaches the scheduler; `field` names each in errors. */
export async function localInputs(
  workspace: string,
  files: readonly string[],
  field = (i: number) => `remoteInputFiles[${i}]`,
): Promise<{ local: string; name: string }[]> {
  return Promise.all(
    files.map(async (file, i) => {
      const local = rejectInvalid(() => resolveInside(workspace, file, field(i)));
      const info = await lstat(local).catch(() => null);
      if (!info || !(info.isFile() || info.isDirectory())) {
        throw new BackendRejection(`${field(i)}: "${file}" is not a file or directory in the job's workspace`);
      }
      return { local, name: path.basename(local) };
    }),
  );
}

/** The schedd being unreachable is worth retrying; anything else condor_submit refuses will be refused again. */
const TRANSIENT = /connect|schedd|timed? ?out|temporar|try again/i;

export function submitFailure(command: string, target: string, result: ExecResult, tool = 'condor_submit'): Error {
  const printed = `${result.stdout}\n${result.stderr}`.trim();
  if (result.code === null || TRANSIENT.test(printed)) return new CommandFailedError(command, target, result);
  return new BackendRejection(`${tool} refused the job: ${printed.slice(0, 1500)}`);
}

/** Runs a check whose domain errors mean the scheduler would refuse the job: they become rejections. */
export function rejectInvalid<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DomainError) throw new BackendRejection(err.message);
    throw err;
  }
}
