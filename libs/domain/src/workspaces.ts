import path from 'node:path';
import { invalid } from './errors.js';

/**
 * Workspaces are per app and user under one root, as in Tethys:
 * `<root>/<app>/user_workspaces/<user>`. Any path from a request is resolved
 * and must stay inside its base.
 */
export function userWorkspace(root: string, label: string, user: string): string {
  return path.join(root, safeSegment(label), 'user_workspaces', safeSegment(user));
}

/** A name usable as one directory level, whatever characters the user name has. */
function safeSegment(name: string): string {
  return /^[A-Za-z0-9_.@+-]+$/.test(name) && name !== '.' && name !== '..' ? name : encodeURIComponent(name).replace(/\./g, '%2E');
}

/** Resolves `relative` inside `base`; anything escaping it is rejected naming `field`. */
export function resolveInside(base: string, relative: string, field: string): string {
  if (relative.includes('\0')) throw invalid(field, 'must not contain NUL characters');
  if (path.isAbsolute(relative)) throw invalid(field, 'must be a relative path');
  const resolved = path.resolve(base, relative);
  if (resolved !== base && !resolved.startsWith(base + path.sep)) {
    throw invalid(field, 'must stay inside its workspace (no "..")');
  }
  return resolved;
}

/** The directory holding one job's own files; deleting the job removes only this. */
export function jobDirectory(workspace: string, jobId: string): string {
  return path.join(workspace, `job-${jobId}`);
}

/**
 * Where shared snapshots of clusters' logs are kept, one directory per
 * snapshot (`<scheduler id>/<yyyymmdd>/<ms>-<random>`). No app label contains `@`, so
 * no app's directory ever meets it.
 */
export function clusterLogsDirectory(root: string, snapshot?: string): string {
  const base = path.join(root, '@cluster-logs');
  return snapshot === undefined ? base : resolveInside(base, snapshot, 'clusterLogs');
}
