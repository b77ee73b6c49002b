import { posix } from 'node:path';
import type { Attributes, FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import type { ByteRange, DirEntry, EntryType, FileInfo } from '../runner/command-runner.js';
import { SshError } from './ssh-errors.js';

const NO_SUCH_FILE = 2; // SFTP status code (draft-ietf-secsh-filexfer-02)
const S_IFMT = 0o170000;
const TYPES: Record<number, EntryType> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'symlink' };

/**
 * Promise-based SFTP operations on one SFTP channel. Remote paths are POSIX;
 * relative ones are relative to the login directory. A missing path rejects
 * with `code: 'ENOENT'`, as Node's fs does, so local and remote callers
 * handle it the same way.
 */
export class SftpSession {
  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly target: string,
  ) {}

  /** Like lstat: a symbolic link is reported as such, not followed. Null when the path does not exist. */
  async stat(path: string): Promise<FileInfo | null> {
    try {
      return fileInfo(await this.call<Stats>(path, 'stat', (cb) => this.sftp.lstat(path, cb)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async readdir(path: string): Promise<DirEntry[]> {
    const list = await this.call<FileEntryWithStats[]>(path, 'list', (cb) => this.sftp.readdir(path, cb));
    return list.map((entry) => ({ name: entry.filename, ...fileInfo(entry.attrs) }));
  }

  async mkdirp(path: string): Promise<void> {
    const existing = await this.stat(path);
    if (existing?.type === 'directory') return;
    if (existing) throw new SshError('sftp_failed', `cannot create directory ${path} on ${this.target}: a ${existing.type} is in the way`);
    const parent = posix.dirname(path);
    if (parent !== path) await this.mkdirp(parent);
    try {
      await this.call<void>(path, 'create directory', (cb) => this.sftp.mkdir(path, cb));
    } catch (err) {
      if ((await this.stat(path))?.type !== 'directory') throw err; // lost a race with another creator
    }
  }

  async readFile(path: string, range: ByteRange = {}): Promise<Buffer> {
    const handle = await this.call<Buffer>(path, 'open', (cb) => this.sftp.open(path, 'r', cb));
    try {
      const offset = range.offset ?? 0;
      const size = (await this.call<Stats>(path, 'stat', (cb) => this.sftp.fstat(handle, cb))).size;
      const buffer = Buffer.alloc(Math.max(0, Math.min(range.length ?? Infinity, size - offset)));
      let filled = 0;
      while (filled < buffer.length) {
        const read = await this.call<number>(path, 'read', (cb) =>
          this.sftp.read(handle, buffer, filled, buffer.length - filled, offset + filled, (err, n) => cb(err, n)),
        );
        if (read === 0) break; // the file shrank since fstat
        filled += read;
      }
      return buffer.subarray(0, filled);
    } finally {
      await this.call<void>(path, 'close', (cb) => this.sftp.close(handle, cb)).catch(() => {});
    }
  }

  writeFile(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
    return this.call(path, 'write', (cb) => this.sftp.writeFile(path, data, { mode }, cb));
  }

  async putFile(localPath: string, path: string, mode: number): Promise<void> {
    await this.call<void>(path, 'upload', (cb) => this.sftp.fastPut(localPath, path, { mode }, cb));
    await this.call<void>(path, 'chmod', (cb) => this.sftp.chmod(path, mode, cb)); // fastPut's mode only applies to new files
  }

  getFile(path: string, localPath: string): Promise<void> {
    return this.call(path, 'download', (cb) => this.sftp.fastGet(path, localPath, cb));
  }

  unlink(path: string): Promise<void> {
    return this.call(path, 'remove', (cb) => this.sftp.unlink(path, cb));
  }

  rmdir(path: string): Promise<void> {
    return this.call(path, 'remove directory', (cb) => this.sftp.rmdir(path, cb));
  }

  end(): void {
    this.sftp.end();
  }

  /** Adapts one callback-style SFTP call, turning its errors into ENOENT or a named {@link SshError}. */
  private call<T>(path: string, action: string, run: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      run((err, value) => {
        if (!err) return resolve(value);
        if ((err as Error & { code?: unknown }).code === NO_SUCH_FILE) {
          const missing = new Error(`${path}: no such file or directory on ${this.target}`) as NodeJS.ErrnoException;
          missing.code = 'ENOENT';
          return reject(missing);
        }
        reject(new SshError('sftp_failed', `cannot ${action} ${path} on ${this.target}: ${err.message}`, { cause: err }));
      });
    });
  }
}

function fileInfo(attrs: Attributes): FileInfo {
  return {
    type: TYPES[attrs.mode & S_IFMT] ?? 'other',
    size: attrs.size,
    mode: attrs.mode & 0o7777,
    mtimeMs: attrs.mtime * 1000,
  };
}
