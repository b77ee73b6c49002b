import type { Duplex } from 'node:stream';
import type { ByteRange, CommandRunner, DirEntry, ExecOptions, ExecResult, FileInfo } from '../runner/command-runner.js';
import { inDirectory } from '../runner/working-directory.js';
import { downloadTree, removeTree, uploadTree } from './sftp-tree.js';
import { describeTarget } from './ssh-errors.js';
import type { SshPool } from './ssh-pool.js';

/** {@link CommandRunner} over SSH: commands through exec channels, files through SFTP, all from one pool. */
export class SshRunner implements CommandRunner {
  readonly target: string;

  constructor(private readonly pool: SshPool) {
    this.target = describeTarget(pool.target);
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.pool.exec(inDirectory(command, options.cwd), { timeoutMs: options.timeoutMs, input: options.input });
  }

  readFile(path: string, range?: ByteRange): Promise<Buffer> {
    return this.pool.withSftp((sftp) => sftp.readFile(path, range));
  }

  writeFile(path: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
    return this.pool.withSftp((sftp) => sftp.writeFile(path, data, options.mode));
  }

  stat(path: string): Promise<FileInfo | null> {
    return this.pool.withSftp((sftp) => sftp.stat(path));
  }

  readdir(path: string): Promise<DirEntry[]> {
    return this.pool.withSftp((sftp) => sftp.readdir(path));
  }

  mkdirp(path: string): Promise<void> {
    return this.pool.withSftp((sftp) => sftp.mkdirp(path));
  }

  remove(path: string): Promise<void> {
    return this.pool.withSftp((sftp) => removeTree(sftp, path));
  }

  upload(localPath: string, remotePath: string): Promise<void> {
    return this.pool.withSftp((sftp) => uploadTree(sftp, localPath, remotePath));
  }

  download(remotePath: string, localPath: string): Promise<void> {
    return this.pool.withSftp((sftp) => downloadTree(sftp, remotePath, localPath));
  }

  /** A TCP tunnel to `host:port` as seen from the SSH server (e.g. a service listening on its loopback). */
  forwardOut(host: string, port: number): Promise<Duplex> {
    return this.pool.forwardOut(host, port);
  }
}
