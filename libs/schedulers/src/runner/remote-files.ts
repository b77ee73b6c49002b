import { sh } from '../ssh/shell-quote.js';
import { CommandFailedError, type CommandRunner } from './command-runner.js';

/**
 * Batched file operations for many files in one command (one SSH round
 * trip whatever the number of files), with POSIX sh, GNU find, awk, tail
 * and base64 on the scheduler host. File lists travel on stdin, never on
 * the command line, which is capped at 128 KiB.
 */

export interface WatchedFile {
  path: string;
  /** Bytes already consumed. */
  offset: number;
  /** Read even when not modified recently (a file watched for the first time). */
  always: boolean;
}

export interface Increments {
  /** The host's clock when the read started: pass it as `since` next time. */
  now: number | null;
  /** Bytes after each file's offset, for the files that grew. */
  data: Map<string, Buffer>;
  /** Files that grew but were left for the next call (too many at once): pass them as `always`. */
  deferred: string[];
}

/** Files modified up to this long before the previous read are read again: mtime and clock granularity. */
const OVERLAP_SECONDS = 2;

// stdin: "offset\nalways\npath\n" per file. Prints the host's time, then, for
// each file that is marked always or was modified since $1 and is longer
// than its offset, its path and the bytes after the offset in base64, one
// line each ("-" instead of the bytes beyond $2 files). Sizes are compared
// first so that unchanged files cost no process.
const READ_INCREMENTS = `
list=$(mktemp) && sizes=$(mktemp) || exit 1
trap 'rm -f "$list" "$sizes"' EXIT
cat > "$list"
date +%s.%N
paths() { awk -v always="$1" 'NR % 3 == 2 { a = $0 } NR % 3 == 0 && (a == 1) == (always == 1) { printf "%s%c", $0, 0 }' "$list"; }
{
  paths 1 | xargs -0 -r sh -c 'find "$@" -maxdepth 0 -printf "%s %p\\n" 2>/dev/null' sh
  paths 0 | xargs -0 -r sh -c 'find "$@" -maxdepth 0 -newermt "$0" -printf "%s %p\\n" 2>/dev/null' "$1"
} > "$sizes"
awk -v sizes="$sizes" -v max="$2" '
  BEGIN { while ((getline line < sizes) > 0) { i = index(line, " "); size[substr(line, i + 1)] = substr(line, 1, i - 1) } }
  NR % 3 == 1 { offset = $0 }
  NR % 3 == 0 && ($0 in size) && size[$0] + 0 > offset + 0 { print (n++ < max ? offset : "-"); print $0 }' "$list" |
while IFS= read -r offset && IFS= read -r path; do
  printf '%s\\n' "$path"
  if [ "$offset" = - ]; then echo -; continue; fi
  tail -c "+$((offset + 1))" -- "$path" 2>/dev/null | base64 -w 0
  printf '\\n'
done
`;

/** Files read per call at most (each costs a process or two); the others are reported as deferred. */
const MAX_READS = 200;

/**
 * What was appended to many files since their offsets, in one command:
 * only files modified since `since` (the `now` of the previous call) or
 * marked `always` are looked at, and only those longer than their offset
 * are read. Files that are missing or not longer are left out.
 */
export async function readIncrements(runner: CommandRunner, files: readonly WatchedFile[], since: number | null): Promise<Increments> {
  if (files.length === 0) return { now: null, data: new Map(), deferred: [] };
  const input = files.map((f) => `${f.offset}\n${f.always ? 1 : 0}\n${listedPath(f.path)}\n`).join('');
  const after = since === null ? '@0' : `@${(since - OVERLAP_SECONDS).toFixed(3)}`;
  const result = await runner.exec(sh`sh -c ${READ_INCREMENTS} sh ${after} ${MAX_READS}`, { input });
  if (result.code !== 0) throw new CommandFailedError('read job event logs', runner.target, result);
  const lines = result.stdout.split('\n');
  const now = Number(lines[0]);
  const data = new Map<string, Buffer>();
  const deferred: string[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if (lines[i + 1] === '-') deferred.push(lines[i]);
    else data.set(lines[i], Buffer.from(lines[i + 1], 'base64'));
  }
  return { now: Number.isFinite(now) ? now : null, data, deferred };
}

export interface RemoteFileInfo {
  size: number;
  mtimeMs: number;
}

const STAT_FILES = `xargs -0 -r sh -c 'find "$@" -maxdepth 0 -type f -printf "%s %T@ %p\\n" 2>/dev/null' sh`;

/** Size and modification time of many files in one command; missing files are left out. */
export async function statFiles(runner: CommandRunner, paths: readonly string[]): Promise<Map<string, RemoteFileInfo>> {
  const found = new Map<string, RemoteFileInfo>();
  if (paths.length === 0) return found;
  const result = await runner.exec(STAT_FILES, { input: paths.map((p) => `${listedPath(p)}\0`).join('') });
  for (const line of result.stdout.split('\n')) {
    const match = /^(\d+) (\d+(?:\.\d+)?) (.*)$/.exec(line);
    if (match) found.set(match[3], { size: Number(match[1]), mtimeMs: Math.round(Number(match[2]) * 1000) });
  }
  return found;
}

/** A path as these scripts list it: relative (find would read "-x" as an option) and on one line. */
function listedPath(path: string): string {
  if (/[\n\0]/.test(path) || path.startsWith('-') || path.startsWith('/')) throw new Error(`cannot list ${JSON.stringify(path)}: not a plain relative path`);
  return path;
}
