/**
 * Why an SSH operation failed. `retryable` tells a job queue whether trying
 * again later can help (a network blip) or not (a wrong key, a changed host
 * key) so that permanent failures are not retried for hours.
 */
export type SshFailure =
  | 'host_key_mismatch'
  | 'auth_failed'
  | 'invalid_key'
  | 'connect_failed'
  | 'timeout'
  | 'connection_lost'
  | 'channel_failed'
  | 'sftp_failed'
  | 'invalid_settings'
  | 'closed';

const PERMANENT: ReadonlySet<SshFailure> = new Set([
  'host_key_mismatch',
  'auth_failed',
  'invalid_key',
  'invalid_settings',
  'closed',
]);

export class SshError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly failure: SshFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SshError';
    this.retryable = !PERMANENT.has(failure);
  }
}

/** `user@host:port`, the way every SSH error names its target. */
export function describeTarget(t: { username: string; host: string; port: number }): string {
  return `${t.username}@${t.host}:${t.port}`;
}
