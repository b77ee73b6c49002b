/**
 * Runs shell commands and moves files on the machine where a scheduler's
 * command-line tools live: over SSH (`SshRunner`) or on this machine
 * (`LocalRunner`, for a "local scheduler"). Both have the same semantics, so
 * a scheduler backend is written once against this interface:
 *
 * - relative paths are relative to the runner's base directory (the login
 *   directory over SSH, the configured directory locally);
 * - `exec` runs `/bin/sh -c`-style command text in that directory; quote
 *   every value with `quote`/`sh` from `ssh/shell-quote`;
 * - a missing path makes `stat` return null, `remove` succeed, and the other
 *   file operations reject with an error whose `code` is `ENOENT`;
 * - tree copies skip symbolic links, so a link cannot pull in files from
 *   outside the tree.
 */
export interface CommandRunner {
  /** Where commands run, for messages: `user@host:port` or `local:<dir>`. */
  readonly target: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Reads a whole file, or `length` bytes from `offset` (fewer at end of file). */
  readFile(path: string, range?: ByteRange): Promise<Buffer>;
  writeFile(path: string, data: string | Buffer, options?: { mode?: number }): Promise<void>;
  stat(path: string): Promise<FileInfo | null>;
  readdir(path: string): Promise<DirEntry[]>;
  /** `mkdir -p`. */
  mkdirp(path: string): Promise<void>;
  /** `rm -rf`. */
  remove(path: string): Promise<void>;
  /** Copies a local file or directory tree to `remotePath`, keeping permission bits. */
  upload(localPath: string, remotePath: string): Promise<void>;
  /** Copies a file or directory tree from `remotePath` to a local path, keeping permission bits. */
  download(remotePath: string, localPath: string): Promise<void>;
}

export interface ExecOptions {
  /** Kill the command and reject after this long. Default 60 s. */
  timeoutMs?: number;
  /** Directory to run in, relative to the base directory; a missing one fails with cd's non-zero status. */
  cwd?: string;
  /**
   * Standard input of the command (empty when absent). Lists too long for a
   * command line go here: a whole command line is one argument of the
   * remote `sh -c`, which Linux caps at 128 KiB.
   */
  input?: string | Buffer;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when the command was ended by a signal. */
  code: number | null;
  signal?: string;
}

export interface ByteRange {
  offset?: number;
  length?: number;
}

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface FileInfo {
  type: EntryType;
  size: number;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  mtimeMs: number;
}

export interface DirEntry extends FileInfo {
  name: string;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;
/** Output beyond this is a runaway command, not a status report: the command is ended. */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** A command that exited non-zero, with what it printed (condorpy raised the same on any failure). */
export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly target: string,
    readonly result: ExecResult,
  ) {
    const status = result.code === null ? `signal ${result.signal ?? 'unknown'}` : `exit status ${result.code}`;
    super(`the command '${command}' failed on ${target} (${status}):\n${result.stdout}\n${result.stderr}`.trimEnd());
    this.name = 'CommandFailedError';
  }
}

/** Runs a command and rejects with {@link CommandFailedError} unless it exits 0. */
export async function execChecked(runner: CommandRunner, command: string, options?: ExecOptions): Promise<ExecResult> {
  const result = await runner.exec(command, options);
  if (result.code !== 0) throw new CommandFailedError(command, runner.target, result);
  return result;
}
