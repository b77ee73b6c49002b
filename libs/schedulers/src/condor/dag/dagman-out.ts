/**
 * What a DAG's `<dag>.dagman.out` says about how its last run went. Lines
 * are `MM/DD/YY HH:MM:SS text` in DAGMan's wording (dagman_main.cpp,
 * dag.cpp, node.cpp); a resubmitted DAG appends a new run to the file,
 * starting with a `** condor_scheduniv_exec.C.P (CONDOR_DAGMAN) STARTING UP` banner.
 */

/** A node DAGMan lists as failed when the DAG ends. */
export interface FailedNode {
  name: string;
  returnValue?: number;
  /** DAGMan's error text, e.g. `Job proc (12.0.0) failed with status 1 (after 2 node retries)`. */
  error?: string;
  /** `12.0.0` */
  jobId?: string;
}

export interface DagmanOutSummary {
  /** The DAGMan job id of the last run (`C.P`). */
  dagmanJobId?: string;
  /** Nodes listed under "the following job(s)/Node(s) failed". */
  failedNodes: FailedNode[];
  /** Node job failures as they happened (`Node B job proc (12.0.0) failed with status 1.`), one per node: the last. */
  jobFailures: Map<string, { jobId: string; status?: number; signal?: number }>;
  /** `Writing Rescue DAG to x.dag.rescue001...` */
  rescueFile?: string;
  /** The rescue DAG this run started from (`USING RESCUE DAG x`). */
  usedRescueFile?: string;
  /** `Aborting DAG because we got the ABORT exit value from a <what>`. */
  abortedBy?: string;
  /** Last `DAG status: N (NAME)`. */
  dagStatus?: { code: number; name: string };
  /** `EXITING WITH STATUS N` (absent while DAGMan runs). */
  exitStatus?: number;
  completed: boolean;
}

const STAMP = /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /;
const STARTING = /^\*\* condor_scheduniv_exec\.(\d+\.\d+) \(CONDOR_DAGMAN\) STARTING UP$/;
const FIELDS: Record<string, keyof FailedNode> = { 'Node Name': 'name', 'Node return val': 'returnValue', Error: 'error', 'HTCondor Job ID': 'jobId' };

/** Parses the last run recorded in a dagman.out file. */
export function parseDagmanOut(text: string): DagmanOutSummary {
  const lines = text.split('\n').map((line) => line.replace(STAMP, ''));
  const start = lines.findLastIndex((line) => STARTING.test(line));
  const summary: DagmanOutSummary = { failedNodes: [], jobFailures: new Map(), completed: false };
  let inFailureList = false;
  let current: FailedNode | undefined;
  for (const line of lines.slice(Math.max(start, 0))) {
    const banner = STARTING.exec(line);
    if (banner) summary.dagmanJobId = banner[1];
    if (/^ERROR: the following (job\(s\)|Node\(s\)) failed:$/.test(line)) {
      inFailureList = true;
      summary.failedNodes = [];
      continue;
    }
    if (inFailureList) {
      if (/^-+ (Node|Job) -+$/.test(line)) {
        current = { name: '' };
        summary.failedNodes.push(current);
        continue;
      }
      const field = /^ *([A-Za-z ]+?): (.*)$/.exec(line);
      if (current && field && FIELDS[field[1].trim()]) {
        setField(current, FIELDS[field[1].trim()], field[2]);
        continue;
      }
      if (current && /^(PARENTS:|\s*(Noop|NodeID|Node Status|Job Submit File|PRE Script|POST Script|HOLD Script|Retry):)/.test(line)) continue;
      inFailureList = false;
      current = undefined;
    }
    readLine(summary, line);
  }
  summary.failedNodes = summary.failedNodes.filter((node) => node.name !== '');
  return summary;
}

function setField(node: FailedNode, key: keyof FailedNode, value: string): void {
  if (key === 'returnValue') node.returnValue = Number(value);
  else if (key === 'jobId') {
    const id = /^\((\d+\.\d+\.\d+)\)$/.exec(value.trim());
    if (id) node.jobId = id[1];
  } else node[key] = value;
}

function readLine(summary: DagmanOutSummary, line: string): void {
  let match: RegExpExecArray | null;
  if ((match = /^Node (\S+) job proc \((\d+\.\d+\.\d+)\) failed with (status|signal) (-?\d+)\.$/.exec(line))) {
    summary.jobFailures.set(match[1], { jobId: match[2], [match[3]]: Number(match[4]) });
  } else if ((match = /^Writing Rescue DAG to (.+)\.\.\.$/.exec(line))) {
    summary.rescueFile = match[1];
  } else if ((match = /^USING RESCUE DAG (.+)$/.exec(line))) {
    summary.usedRescueFile = match[1];
  } else if ((match = /^Aborting DAG because we got the ABORT exit value from an? (.+)$/.exec(line))) {
    summary.abortedBy = match[1];
  } else if ((match = /^DAG status: (\d+) \((\w+)\)$/.exec(line))) {
    summary.dagStatus = { code: Number(match[1]), name: match[2] };
  } else if ((match = /\(condor_DAGMAN\) pid \d+ EXITING WITH STATUS (-?\d+)$/.exec(line))) {
    summary.exitStatus = Number(match[1]);
  } else if (line === 'All jobs Completed!') {
    summary.completed = true;
  }
}
