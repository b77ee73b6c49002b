import { invalid, UserAction } from '../../../../libs/domain/src/index.js';
import { daskTaskOnCluster } from '../../../../libs/schedulers/src/dask/dask-status.js';
import type { JobTypeDefinition } from './job-type-registry.js';

const FIELDS = ['scheduler', 'callable', 'args', 'kwargs', 'resources', 'priority', 'retries', 'forget'];
const IDENTIFIER = '[A-Za-z_]\\w*';
const CALLABLE = new RegExp(`^${IDENTIFIER}(\\.${IDENTIFIER})*:${IDENTIFIER}(\\.${IDENTIFIER})*$`);
/** Arguments travel in the task graph; bulk data belongs in files the task reads. */
const MAX_ARGUMENT_BYTES = 1024 * 1024;

/**
 * DASK jobs: a callable importable on the Dask workers, called with JSON
 * arguments on a registered Dask scheduler. `forget` skips storing the result.
 * Until the job ends, its attempt's cluster logs are read live.
 */
export const daskJobType: JobTypeDefinition = {
  type: 'DASK',
  parse(fields) {
    const unknown = Object.keys(fields).find((name) => !FIELDS.includes(name));
    if (unknown !== undefined) throw invalid(unknown, `is not a field of DASK jobs (fields: ${FIELDS.join(', ')})`);
    const scheduler = requiredText(fields, 'scheduler', 255, 'the name of a registered Dask scheduler');
    const callable = requiredText(fields, 'callable', 1024, 'e.g. "package.module:function"');
    if (!CALLABLE.test(callable)) throw invalid('callable', `must look like "package.module:function" (got "${callable}")`);
    const args = fields.args ?? [];
    if (!Array.isArray(args)) throw invalid('args', 'must be a JSON array of positional arguments');
    const kwargs = fields.kwargs ?? {};
    if (!isPlainObject(kwargs)) throw invalid('kwargs', 'must be a JSON object of keyword arguments');
    if (Buffer.byteLength(JSON.stringify([args, kwargs])) > MAX_ARGUMENT_BYTES) {
      throw invalid('args', 'args and kwargs together must be at most 1 MiB of JSON; pass bulk data through files');
    }
    const spec: Record<string, unknown> = { callable, args, kwargs, forget: optionalBoolean(fields, 'forget') ?? false };
    if (fields.resources !== undefined) spec.resources = resources(fields.resources);
    if (fields.priority !== undefined) spec.priority = integer(fields, 'priority', -1_000_000, 1_000_000);
    if (fields.retries !== undefined) spec.retries = integer(fields, 'retries', 0, 100);
    return { spec, scheduler };
  },
  refuseAction(action: UserAction) {
    if (action === 'pause') return 'Dask cannot pause a task; stop it instead';
    if (action === 'resume') return 'Dask cannot pause a task, so a DASK job is never paused';
    return null;
  },
  // While its task is on the cluster, the cluster's logs are read as they are now (Tethys' get_logs).
  logsOnScheduler: daskTaskOnCluster,
};

function requiredText(fields: Record<string, unknown>, name: string, max: number, hint: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(name, `required for DASK jobs: ${hint}`);
  if (value.length > max) throw invalid(name, `must be at most ${max} characters`);
  return value;
}

function optionalBoolean(fields: Record<string, unknown>, name: string): boolean | undefined {
  const value = fields[name];
  if (value !== undefined && typeof value !== 'boolean') throw invalid(name, 'must be true or false');
  return value as boolean | undefined;
}

function integer(fields: Record<string, unknown>, name: string, min: number, max: number): number {
  const value = fields[name];
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw invalid(name, `must be an integer from ${min} to ${max}`);
  }
  return value as number;
}

function resources(value: unknown): Record<string, number> {
  const valid = isPlainObject(value) && Object.entries(value).every(([k, v]) => k !== '' && typeof v === 'number' && v > 0 && Number.isFinite(v));
  if (!valid) throw invalid('resources', 'must map resource names to positive numbers, e.g. {"GPU": 1}');
  return value as Record<string, number>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
