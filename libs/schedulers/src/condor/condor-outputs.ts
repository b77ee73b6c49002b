import { copyFile, link, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BackendRejection, type BackendJob, type LogEntry } from '../backend.js';
import { execChecked, type CommandRunner } from '../runner/command-runner.js';
import { statFiles } from '../runner/remote-files.js';
import { sh } from '../ssh/shell-quote.js';
import { actOnJobs } from './condor-commands.js';
import { CondorLayout, REMOTE_ROOT } from './condor-layout.js';
import { condorRuntime, condorSubmitting, type CondorRuntime } from './condor-runtime.js';
import type { CondorJobSpec } from './condor-spec.js';

/** Longest log text read from the scheduler at once: the end of the file is what one wants of a long log. */
export const MAX_LOG_READ = 2 * 1024 * 1024;

function submitted(job: BackendJob): { runtime: CondorRuntime; layout: CondorLayout } {
  const runtime = condorRuntime(job.runtime);
  if (!runtime) throw new BackendRejection(`job ${job.id} has not been submitted to HTCondor`);
  return { runtime, layout: new CondorLayout(job.name, job.spec as unknown as CondorJobSpec, runtime.token) };
}

/**
 * Copies the job's remote directory to `<jobDir>/results` (inputs, outputs,
 * submit file and logs, as condorpy's sync did) and makes its log files
 * also appear under `<jobDir>/logs` at the paths the scheduler listed them
 * with, so log links stay valid after the sync. Safe to repeat.
 */
export async function fetchCondorOutputs(runner: CommandRunner, job: BackendJob): Promise<void> {
  const { runtime, layout } = submitted(job);
  await syncJobDirectory(runner, runtime.remoteDir, job.jobDir, layout.logFiles(runtime.clusterId).map((f) => f.path));
}

/**
 * Copies a remote job directory to `<jobDir>/results` and links the log
 * files among it (paths relative to it) under `<jobDir>/logs`. Safe to repeat.
 */
export async function syncJobDirectory(runner: CommandRunner, remoteDir: string, jobDir: string, logPaths: readonly string[]): Promise<void> {
  const results = path.join(jobDir, 'results');
  const logs = path.join(jobDir, 'logs');
  await rm(results, { recursive: true, force: true });
  await rm(logs, { recursive: true, force: true });
  await runner.download(remoteDir, results);
  for (const file of logPaths) {
    const from = path.join(results, file);
    if (!(await stat(from).catch(() => null))?.isFile()) continue;
    const to = path.join(logs, file);
    await mkdir(path.dirname(to), { recursive: true });
    // a hard link costs no space; a copy only if results and logs sit on different file systems
    await link(from, to).catch(() => copyFile(from, to));
  }
}

/** The event log and per-process output and error files that exist on the scheduler, in one command. */
export async function listCondorLogs(runner: CommandRunner, job: BackendJob): Promise<LogEntry[]> {
  const { runtime, layout } = submitted(job);
  const files = layout.logFiles(runtime.clusterId);
  const found = await statFiles(runner, files.map((f) => path.posix.join(runtime.remoteDir, f.path)));
  return files.flatMap((f) => {
    const info = found.get(path.posix.join(runtime.remoteDir, f.path));
    return info ? [{ group: f.group, kind: f.kind, path: f.path, size: info.size, modified: new Date(info.mtimeMs).toISOString() }] : [];
  });
}

/** One log file read on the scheduler (its last {@link MAX_LOG_READ} bytes); only paths {@link listCondorLogs} can list. */
export async function readCondorLog(runner: CommandRunner, job: BackendJob, logPath: string): Promise<string> {
  const { runtime, layout } = submitted(job);
  if (!layout.logFiles(runtime.clusterId).some((f) => f.path === logPath)) {
    throw new BackendRejection(`"${logPath}" is not a log file of job ${job.id}`);
  }
  return readLogTail(runner, path.posix.join(runtime.remoteDir, logPath), logPath);
}

/** The last {@link MAX_LOG_READ} bytes of a log file on the scheduler; `shown` names it in errors. */
export async function readLogTail(runner: CommandRunner, file: string, shown: string): Promise<string> {
  const info = await runner.stat(file);
  if (!info) throw new BackendRejection(`"${shown}" does not exist (yet) on the scheduler`);
  const offset = Math.max(0, info.size - MAX_LOG_READ);
  const text = (await runner.readFile(file, { offset })).toString('utf8');
  return offset > 0 ? `[first ${offset} bytes not shown]\n${text}` : text;
}

/**
 * Removes every trace of the job from the scheduler: its jobs still in the
 * queue (found by token, so an interrupted submission is covered too) and
 * its remote directories.
 */
export async function cleanupCondorJob(runner: CommandRunner, job: BackendJob): Promise<void> {
  const tokens = new Set([condorRuntime(job.runtime)?.token, condorSubmitting(job.runtime)?.token].filter((t): t is string => !!t));
  for (const token of tokens) {
    await actOnJobs(runner, 'condor_rm', { token });
    await execChecked(runner, sh`rm -rf -- ${`${REMOTE_ROOT}/${token}`}`);
  }
}
