/**
 * What may appear where in a DAG input file (HTCondor manual, "DAGMan
 * Workflows"). Tokens are separated by white space and cannot be quoted
 * everywhere, so names, paths and script arguments are checked rather
 * than escaped; VARS values are the one quoted form (`\"` and `\\`).
 * Each check returns a problem description, or undefined when the value
 * is fine.
 */

/**
 * Node names: DAGMan takes any white-space-free word except PARENT, CHILD
 * and ALL_NODES, without `+` or `.`. They also become `$(JOB)` values,
 * ClassAd strings and (in condorpy's layout) directory names, so only
 * letters, digits, `_` and `-` are accepted.
 */
const NODE_NAME = /^[A-Za-z0-9_-]{1,200}$/;
const RESERVED_WORDS = new Set(['PARENT', 'CHILD', 'ALL_NODES']);
/** Categories (CATEGORY, MAXJOBS): a word; a leading `+` would make it global across splices. */
const CATEGORY = /^[A-Za-z0-9_-]{1,200}$/;
/** Submit macro names (manual: letters, digits, `_`, optionally `My.` or `+` for a ClassAd attribute). */
const VARIABLE_NAME = /^(?:My\.|\+)?[A-Za-z_][A-Za-z0-9_]{0,199}$/i;
/**
 * Macros DAGMan sets itself, and attributes that tie a job to its DAG or
 * to the service: a VARS entry must not replace them.
 */
const RESERVED_VARIABLES = new Set(
  ['JOB', 'RETRY', 'DAG_STATUS', 'FAILED_COUNT', 'DAG_PARENT_NAMES', 'DAGManJobId', 'DAGParentNodeNames', 'DAGNodeName',
    'dag_node_name', 'dagman_log', 'DAGManNodesLog', 'DAGManNodesMask', 'submit_event_notes', 'JobsApiId', 'JobsApiToken']
    .map((name) => name.toLowerCase()),
);

export function nodeNameProblem(name: string): string | undefined {
  if (!NODE_NAME.test(name)) return 'must be 1-200 letters, digits, "_" or "-" (DAGMan node names cannot hold white space, quotes, "+" or ".")';
  if (RESERVED_WORDS.has(name.toUpperCase())) return `"${name}" is a DAG file keyword`;
  return undefined;
}

export function categoryProblem(name: string): string | undefined {
  return CATEGORY.test(name) ? undefined : 'must be 1-200 letters, digits, "_" or "-"';
}

export function variableNameProblem(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) return 'must be letters, digits and "_", starting with a letter or "_" (optionally "My." or "+" first)';
  const bare = name.replace(/^(My\.|\+)/i, '').toLowerCase();
  if (bare.startsWith('queue')) return 'cannot begin with "queue"';
  if (RESERVED_VARIABLES.has(bare)) return 'is set by DAGMan or the service';
  return undefined;
}

/** A VARS value in DAG syntax: double-quoted, `\` and `"` escaped; a line break cannot be written. */
export function quoteVariableValue(value: string): string | undefined {
  if (/[\r\n\0]/.test(value)) return undefined;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * A relative path in a DAG file (submit file, DIR, CONFIG): segments of
 * letters, digits, `_`, `-` and `.`, no `..`, so it needs no quoting and
 * stays inside the workflow's directory.
 */
export function relativePathProblem(path: string): string | undefined {
  const segments = path.split('/');
  if (path.length > 1000 || segments.some((s) => !/^[A-Za-z0-9_.-]+$/.test(s) || s === '.' || s === '..')) {
    return 'must be a relative path of letters, digits, "_", "-" and "." (no "..", no empty parts, no white space)';
  }
  return undefined;
}

/**
 * A script or one of its arguments: DAGMan takes the rest of the SCRIPT
 * line and splits it on white space, with no quoting at all.
 */
export function scriptWordProblem(word: string): string | undefined {
  if (word === '') return 'cannot be empty';
  if (/[\s\0]/.test(word)) return `"${word}" holds white space, but DAGMan splits script arguments on white space and has no quoting`;
  return undefined;
}

export function isInteger(value: unknown, min = -2147483648, max = 2147483647): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
