import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { eachLimited } from '../../../batching/src/index.js';
import type { FileInfo } from '../runner/command-runner.js';
import type { SftpSession } from './sftp-session.js';

/** Files in flight at once per directory: enough to pipeline, well below sftp-server's open-handle limit. */
const CONCURRENCY = 8;

/** Copies a local file or directory tree to `remotePath` (parents created, permission bits kept, symlinks skipped). */
export async function uploadTree(sftp: SftpSession, localPath: string, remotePath: string): Promise<void> {
  await sftp.mkdirp(path.posix.dirname(remotePath));
  await upload(sftp, localPath, remotePath);
}

async function upload(sftp: SftpSession, localPath: string, remotePath: string): Promise<void> {
  const info = await lstat(localPath);
  if (info.isDirectory()) {
    await sftp.mkdirp(remotePath);
    const names = await readdir(localPath);
    await eachLimited(names, CONCURRENCY, (name) => upload(sftp, path.join(localPath, name), path.posix.join(remotePath, name)));
  } else if (info.isFile()) {
    await sftp.putFile(localPath, remotePath, info.mode & 0o7777);
  }
}

/** Copies a remote file or directory tree to `localPath` (parents created, permission bits kept, symlinks skipped). */
export async function downloadTree(sftp: SftpSession, remotePath: string, localPath: string): Promise<void> {
  const info = await sftp.stat(remotePath);
  if (!info) throw Object.assign(new Error(`${remotePath}: no such file or directory`), { code: 'ENOENT' });
  await mkdir(path.dirname(localPath), { recursive: true });
  await download(sftp, remotePath, localPath, info);
}

async function download(sftp: SftpSession, remotePath: string, localPath: string, info: FileInfo): Promise<void> {
  if (info.type === 'directory') {
    await mkdir(localPath, { recursive: true });
    const entries = await sftp.readdir(remotePath);
    await eachLimited(entries, CONCURRENCY, (e) => download(sftp, path.posix.join(remotePath, e.name), path.join(localPath, e.name), e));
  } else if (info.type === 'file') {
    await sftp.getFile(remotePath, localPath);
    await chmod(localPath, info.mode);
  }
}

/** `rm -rf` over SFTP: a missing path is not an error. */
export async function removeTree(sftp: SftpSession, remotePath: string): Promise<void> {
  const info = await sftp.stat(remotePath);
  if (!info) return;
  if (info.type === 'directory') {
    const entries = await sftp.readdir(remotePath);
    await eachLimited(entries, CONCURRENCY, (e) => removeTree(sftp, path.posix.join(remotePath, e.name)));
    await sftp.rmdir(remotePath);
  } else {
    await sftp.unlink(remotePath);
  }
}

