import path from 'node:path';
import { invalid } from '../../../domain/src/index.js';
import { CONDORPY_TEMPLATES, type CondorpyTemplateName } from './condorpy-templates.js';
import type { SubmitAttributes, SubmitValue } from './submit-description.js';

/** The type-specific fields of a CONDOR job, as requested (Tethys' CondorJob fields). */
export interface CondorJobSpec {
  /** Submit commands overlaid on the template (`+Attr` for custom ClassAd attributes). */
  attributes: SubmitAttributes;
  /** A condorpy template name; null means `base`, as in Tethys. */
  template: CondorpyTemplateName | null;
  executable?: string;
  arguments?: string | (string | number)[];
  /** Files of the job's workspace uploaded next to the executable (relative paths). */
  remoteInputFiles: string[];
  /** `queue N`. */
  numJobs: number;
  /** Scheduler name. */
  scheduler: string;
}

export const MAX_NUM_JOBS = 100_000;
const MAX_INPUT_FILES = 1000;
const FIELDS = new Set(['attributes', 'template', 'executable', 'arguments', 'remoteInputFiles', 'numJobs', 'scheduler']);

/** Validates the create-request fields of a CONDOR job; every problem names its field. */
export function parseCondorSpec(fields: Record<string, unknown>): CondorJobSpec {
  const unknown = Object.keys(fields).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) throw invalid(unknown, `is not a field of CONDOR jobs (known: ${[...FIELDS].join(', ')})`);
  const spec: CondorJobSpec = {
    attributes: attributesOf(fields.attributes),
    template: templateOf(fields.template),
    remoteInputFiles: inputFilesOf(fields.remoteInputFiles),
    numJobs: numJobsOf(fields.numJobs),
    scheduler: nonEmpty(fields.scheduler, 'scheduler'),
  };
  if (fields.executable !== undefined) spec.executable = nonEmpty(fields.executable, 'executable');
  if (fields.arguments !== undefined) spec.arguments = argumentsOf(fields.arguments);
  return spec;
}

function attributesOf(value: unknown): SubmitAttributes {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('attributes', 'must be an object of submit commands');
  for (const [key, v] of Object.entries(value)) {
    if (!isSubmitValue(v)) throw invalid(`attributes.${key}`, 'must be a string, number, boolean, null or a list of strings and numbers');
  }
  return value as SubmitAttributes;
}

function isSubmitValue(v: unknown): v is SubmitValue {
  const scalar = (x: unknown) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
  return v === null || typeof v === 'boolean' || scalar(v) || (Array.isArray(v) && v.every(scalar));
}

function templateOf(value: unknown): CondorpyTemplateName | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !Object.hasOwn(CONDORPY_TEMPLATES, value)) {
    throw invalid('template', `must be one of ${Object.keys(CONDORPY_TEMPLATES).join(', ')}`);
  }
  return value as CondorpyTemplateName;
}

function argumentsOf(value: unknown): string | (string | number)[] {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((a) => typeof a === 'string' || (typeof a === 'number' && Number.isFinite(a)))) return value;
  throw invalid('arguments', 'must be a string or a list of strings and numbers');
}

function inputFilesOf(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_INPUT_FILES) throw invalid('remoteInputFiles', `must be a list of at most ${MAX_INPUT_FILES} paths`);
  const names = new Set<string>();
  return value.map((file, i) => {
    const field = `remoteInputFiles[${i}]`;
    if (typeof file !== 'string' || file === '' || /[\0\n\r]/.test(file)) throw invalid(field, 'must be a path without NUL or line breaks');
    const normal = path.posix.normalize(file);
    if (path.isAbsolute(file) || normal === '..' || normal.startsWith('../') || normal === '.') {
      throw invalid(field, "must be a file path relative to the job's workspace, staying inside it");
    }
    const base = path.posix.basename(normal);
    if (names.has(base)) throw invalid(field, `has the same file name "${base}" as another input (inputs are uploaded side by side)`);
    names.add(base);
    return normal;
  });
}

function numJobsOf(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_NUM_JOBS) {
    throw invalid('numJobs', `must be a whole number between 1 and ${MAX_NUM_JOBS}`);
  }
  return value;
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'must be a non-empty string');
  return value;
}
