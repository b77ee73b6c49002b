import { invalid } from '../../../domain/src/index.js';
import { condorpyTemplate } from './condorpy-templates.js';
import { stampLiteral } from './job-stamp.js';

export type SubmitValue = string | number | boolean | readonly (string | number)[] | null | undefined;
/** Submit commands in the order they are written (insertion order). */
export type SubmitAttributes = Record<string, SubmitValue>;

export interface SubmitDescription {
  attributes: SubmitAttributes;
  /** `queue N`: how many processes the cluster gets. */
  queue: number;
  /** Stamped as `+JobsApiId` so the service can find its job on the scheduler. */
  jobsApiId: string;
  /** Stamped as `+JobsApiToken`: one per attempt, so a retried submit can adopt what an earlier try created. */
  jobsApiToken: string;
}

/** HTCondor submit keys: a name of letters, digits, `_` and `.`, optionally `+` or `MY.` for a custom ClassAd attribute. */
const KEY = /^(\+|MY\.)?[A-Za-z_][A-Za-z0-9_.]*$/i;
/** Words the submit language treats as statements, not keys. */
const STATEMENTS = new Set(['queue', 'include', 'if', 'elif', 'else', 'endif']);
const SERVICE_ATTRIBUTES = new Set(['jobsapiid', 'jobsapitoken']);

/**
 * The merged attributes of a Tethys CondorPyJob: the named condorpy
 * template, overlaid with the job's attributes, with `job_name` set to the
 * job name (spaces → `_`).
 */
export function jobAttributes(name: string, templateName: string | null | undefined, attributes: SubmitAttributes): SubmitAttributes {
  return { ...condorpyTemplate(templateName), ...attributes, job_name: name.replaceAll(' ', '_') };
}

/**
 * Writes a submit description the way condorpy does: one `key = value`
 * line per truthy attribute in insertion order, a blank line, `queue N`.
 * Values are coerced as condorpy's `Job.set` does (see {@link submitValue});
 * `$(...)` macros are left for HTCondor. Rejects, naming the attribute, any
 * key that is not a submit key and any value that could start a new line,
 * so no value can add commands (a second `queue`, an `include`).
 */
export function writeSubmitDescription(description: SubmitDescription): string {
  const { attributes, queue } = description;
  if (!Number.isInteger(queue) || queue < 1) throw invalid('queue', 'must be a whole number of at least 1');
  const lines: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    checkKey(key);
    const text = submitValue(key, value);
    if (text) lines.push(`${key} = ${text}`);
  }
  lines.push(`+JobsApiId = ${stampLiteral('jobsApiId', description.jobsApiId)}`);
  lines.push(`+JobsApiToken = ${stampLiteral('jobsApiToken', description.jobsApiToken)}`);
  return `${lines.join('\n')}\n\nqueue ${queue}\n`;
}

/**
 * condorpy's value coercion: booleans → `true`/`false`; lists joined with
 * `", "`, except keys ending in `arguments`, which get HTCondor's new
 * argument syntax; null, empty and 0 are falsy and not written, as in
 * condorpy.
 */
export function submitValue(key: string, value: SubmitValue): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'boolean') text = String(value);
  else if (typeof value === 'number') text = numberText(key, value);
  else if (typeof value === 'string') text = value;
  else if (key.endsWith('arguments')) text = newSyntaxArguments(value.map(String));
  else text = value.map(String).join(', ');
  checkValue(key, text);
  return text;
}

/**
 * HTCondor's new argument syntax (condor_submit manual, "arguments"): the
 * whole list in double quotes, `"` doubled, and an argument holding white
 * space or `'` (or an empty one) in single quotes with `'` doubled.
 * condorpy left out the outer double quotes, which makes HTCondor read the
 * line with the old syntax; they are written here.
 */
export function newSyntaxArguments(args: readonly string[]): string {
  const words = args.map((arg) => {
    const escaped = arg.replaceAll('"', '""');
    return arg === '' || /[\s']/.test(arg) ? `'${escaped.replaceAll("'", "''")}'` : escaped;
  });
  return `"${words.join(' ')}"`;
}

function checkKey(key: string): void {
  if (!KEY.test(key)) throw invalid(`attributes.${key}`, 'is not a valid HTCondor submit command name (letters, digits, "_" and ".", optionally starting with "+" or "MY.")');
  const bare = key.replace(/^(\+|MY\.)/i, '').toLowerCase();
  if (STATEMENTS.has(bare)) throw invalid(`attributes.${key}`, 'is a submit language statement, not an attribute');
  if (SERVICE_ATTRIBUTES.has(bare)) throw invalid(`attributes.${key}`, 'is set by the service and cannot be given');
}

function checkValue(key: string, text: string): void {
  if (/[\r\n\0]/.test(text)) throw invalid(`attributes.${key}`, 'must not contain a line break or NUL character');
  // a trailing backslash continues the line: the next command would become part of this value
  if (/\\\s*$/.test(text)) throw invalid(`attributes.${key}`, 'must not end with a backslash');
}

function numberText(key: string, value: number): string {
  if (!Number.isFinite(value)) throw invalid(`attributes.${key}`, 'must be a finite number');
  return value === 0 ? '' : String(value);
}

/** Values of HTCondor's own macros, known once the cluster exists. */
export interface MacroValues {
  cluster?: number;
  process?: number;
}

const BUILT_IN: Record<string, keyof MacroValues> = { cluster: 'cluster', clusterid: 'cluster', process: 'process', procid: 'process' };

/**
 * The value of an attribute with `$(name)` references expanded the way
 * condorpy's `Job.get` does (other attributes, then `$(cluster)`/`$(process)`),
 * e.g. to find the job event log: `initialdir` + `log`. Unknown macros are
 * left as written; undefined when the attribute is not set.
 */
export function resolveAttribute(attributes: SubmitAttributes, name: string, macros: MacroValues = {}, depth = 0): string | undefined {
  if (!Object.hasOwn(attributes, name)) return undefined;
  const text = submitValue(name, attributes[name]);
  if (depth > 20) throw invalid(`attributes.${name}`, 'has macro references that refer to each other in a loop');
  return text.replace(/\$\(([^()]*)\)/g, (whole, ref: string) => {
    const builtIn = BUILT_IN[ref.toLowerCase()];
    const known = builtIn ? macros[builtIn]?.toString() : resolveAttribute(attributes, ref, macros, depth + 1);
    return known ?? whole;
  });
}
