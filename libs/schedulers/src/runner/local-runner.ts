import { spawn } from 'node:child_process';
import { chmod, cp, lstat, mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ByteRange, CommandRunner, DirEntry, EntryType, ExecOptions, ExecResult, FileInfo } from './command-runner.js';
import { DEFAULT_EXEC_TIMEOUT_MS } from './command-runner.js';
import { OutputBuffer } from './output-buffer.js';
import { inDirectory } from './working-directory.js';

/**
 * {@link CommandRunner} on this machine, for a "local scheduler" whose
 * HTCondor tools are installed where the worker runs: `/bin/sh -c` in a
 * base directory, and plain file operations relative to it.
 */
export class LocalRunner implements CommandRunner {
  readonly target: string;

  constructor(private readonly baseDir: string) {
    this.target = `local:${baseDir}`;
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      // detached: own process group, so a timeout kills the command's children too
      const child = spawn('/bin/sh', ['-c', inDirectory(command, options.cwd)], { cwd: this.baseDir, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.on('error', () => {}); // a command that exits without reading its input closes the pipe early
      child.stdin.end(options.input);
      const stdout = new OutputBuffer();
      const stderr = new OutputBuffer();
      let failure: Error | undefined;
      const stop = (err: Error) => {
        failure ??= err;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(() => stop(new Error(`command timed out after ${timeoutMs} ms on ${this.target}: ${command}`)), timeoutMs);
      const tooMuch = () => new Error(`command output exceeded the limit on ${this.target}: ${command}`);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk) || stop(tooMuch()));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk) || stop(tooMuch()));
      child.on('error', (err) => stop(err));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (failure) return reject(failure);
        resolve({ stdout: stdout.text(), stderr: stderr.text(), ...(code === null ? { code: null, signal: signal ?? undefined } : { code }) });
      });
    });
  }

  async readFile(file: string, range: ByteRange = {}): Promise<Buffer> {
    const handle = await open(this.resolve(file), 'r');
    try {
      const offset = range.offset ?? 0;
      const size = (await handle.stat()).size;
      const buffer = Buffer.alloc(Math.max(0, Math.min(range.length ?? Infinity, size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async writeFile(file: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
    const mode = options.mode ?? 0o644;
    await writeFile(this.resolve(file), data, { mode });
    await chmod(this.resolve(file), mode);
  }

  async stat(file: string): Promise<FileInfo | null> {
    try {
      return fileInfo(await lstat(this.resolve(file)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async readdir(dir: string): Promise<DirEntry[]> {
    const names = await readdir(this.resolve(dir));
    return Promise.all(names.map(async (name) => ({ name, ...fileInfo(await lstat(path.join(this.resolve(dir), name))) })));
  }

  async mkdirp(dir: string): Promise<void> {
    await mkdir(this.resolve(dir), { recursive: true });
  }

  async remove(target: string): Promise<void> {
    await rm(this.resolve(target), { recursive: true, force: true });
  }

  upload(localPath: string, remotePath: string): Promise<void> {
    return copyTree(localPath, this.resolve(remotePath));
  }

  download(remotePath: string, localPath: string): Promise<void> {
    return copyTree(this.resolve(remotePath), localPath);
  }

  private resolve(file: string): string {
    return path.resolve(this.baseDir, file);
  }
}

/** Same rules as the SFTP tree copy: parents created, permission bits kept, symlinks skipped. */
async function copyTree(from: string, to: string): Promise<void> {
  await lstat(from); // ENOENT for a missing source, as over SFTP
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to, {
    recursive: true,
    force: true,
    verbatimSymlinks: true,
    filter: async (source) => !(await lstat(source)).isSymbolicLink(),
  });
}

function fileInfo(stats: { mode: number; size: number; mtimeMs: number; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileInfo {
  const type: EntryType = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'symlink' : 'other';
  return { type, size: stats.size, mode: stats.mode & 0o7777, mtimeMs: stats.mtimeMs };
}
