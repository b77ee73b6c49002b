import path from 'node:path';
import { invalid } from '../../../domain/src/index.js';
import type { CondorJobSpec } from './condor-spec.js';
import { jobAttributes, resolveAttribute, writeSubmitDescription, type MacroValues, type SubmitAttributes } from './submit-description.js';

/** Where every job's remote directories live, relative to the scheduler's login (or local) directory. */
export const REMOTE_ROOT = 'jobs-api';

export interface LogFile {
  /** Relative to the job's remote directory, and to `<jobDir>/logs` once synced. */
  path: string;
  group: string;
  kind: 'log' | 'output' | 'error';
}

/**
 * The files of one submission on the scheduler, all relative to the
 * scheduler's base directory (no path is absolute, none leaves the job's
 * remote directory):
 *
 *     jobs-api/<token>/                 remoteDir (one per attempt)
 *       <initialdir>/                   `$(job_name)` by default; inputs are uploaded here
 *         <job_name>.job                the submit description (condorpy's place for it)
 *         logs/<job_name>.<cluster>.log the job event log, and per process .out/.err
 *
 * Inputs go to the initialdir, unlike condorpy, because HTCondor resolves a
 * relative `executable` there.
 */
export class CondorLayout {
  readonly remoteDir: string;
  readonly jobName: string;
  readonly attributes: SubmitAttributes;
  readonly initialDir: string;

  constructor(
    name: string,
    readonly spec: CondorJobSpec,
    token: string,
  ) {
    this.remoteDir = `${REMOTE_ROOT}/${token}`;
    this.jobName = condorJobName(name);
    const own: SubmitAttributes = { ...spec.attributes };
    if (spec.executable !== undefined) own.executable = spec.executable;
    if (spec.arguments !== undefined) own.arguments = spec.arguments;
    this.attributes = jobAttributes(this.jobName, spec.template, own);
    if (!resolveAttribute(this.attributes, 'executable')) throw invalid('executable', 'is required (as a field or in attributes)');
    const initial = resolveAttribute(this.attributes, 'initialdir') || '.';
    this.initialDir = inside(initial, 'initialdir', '.');
  }

  /** The submit description, stamped with the job id and attempt token. */
  submitDescription(jobsApiId: string, jobsApiToken: string): string {
    return writeSubmitDescription({ attributes: this.attributes, queue: this.spec.numJobs, jobsApiId, jobsApiToken });
  }

  get submitFile(): string {
    return path.posix.join(this.initialDir, `${this.jobName}.job`);
  }

  /** Directories HTCondor expects to exist: the initialdir and those of the log, output and error files. */
  directories(): string[] {
    const dirs = new Set([this.initialDir]);
    const procs = this.perProcess() ? this.spec.numJobs : 1;
    for (let process = 0; process < procs; process++) {
      for (const file of this.files({ cluster: 1, process })) dirs.add(path.posix.dirname(file.path));
    }
    return [...dirs];
  }

  /** The job event log of the cluster, if the job has one (`log`). */
  eventLog(cluster: number): string | undefined {
    return this.file('log', { cluster, process: 0 });
  }

  /** Event log, then output and error of every process. */
  logFiles(cluster: number): LogFile[] {
    const files: LogFile[] = [];
    for (let process = 0; process < this.spec.numJobs; process++) {
      files.push(...this.files({ cluster, process }).filter((f) => process === 0 || f.kind !== 'log'));
    }
    return files;
  }

  private files(macros: MacroValues): LogFile[] {
    const out: LogFile[] = [];
    const log = this.file('log', macros);
    if (log) out.push({ path: log, group: 'job', kind: 'log' });
    for (const kind of ['output', 'error'] as const) {
      const file = this.file(kind, macros);
      if (file) out.push({ path: file, group: `process ${macros.process}`, kind });
    }
    return out;
  }

  private file(key: 'log' | 'output' | 'error', macros: MacroValues): string | undefined {
    const value = resolveAttribute(this.attributes, key, macros);
    if (!value) return undefined;
    inside(value, key, value); // an absolute value would not be relative to the initialdir at all
    return inside(path.posix.join(this.initialDir, value), key, value);
  }

  /** Whether output or error files differ per process (`$(process)` in their names). */
  private perProcess(): boolean {
    const names = (process: number) => this.files({ cluster: 1, process }).map((f) => f.path).join('\n');
    return this.spec.numJobs > 1 && names(0) !== names(1);
  }
}

/**
 * `job_name` (and the default initialdir): the job name with spaces turned
 * into `_` as condorpy does, and every other character outside letters,
 * digits, `.`, `_` and `-` too, so a name can never be a path or a macro.
 */
export function condorJobName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || /^\.+$/.test(safe) ? 'job' : safe;
}

/** Checks a resolved relative path: no macro left, not absolute, not leaving the job's directory. */
function inside(resolved: string, key: string, written: string): string {
  const field = `attributes.${key}`;
  if (resolved.includes('$(')) throw invalid(field, `uses a macro the service cannot resolve before submitting (${written})`);
  if (path.posix.isAbsolute(resolved)) throw invalid(field, "must be a relative path: the job's files stay in its own remote directory");
  const normal = path.posix.normalize(resolved);
  if (normal === '..' || normal.startsWith('../')) throw invalid(field, "must stay inside the job's remote directory (no \"..\")");
  return normal;
}

/** Checks everything about a spec that can be checked before submitting (the API calls this at creation). */
export function checkCondorSpec(spec: CondorJobSpec): void {
  const layout = new CondorLayout('job', spec, 'check');
  layout.submitDescription('check', 'check');
  layout.directories();
  layout.logFiles(1);
}
