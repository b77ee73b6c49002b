import ssh2, { type ConnectConfig } from 'ssh2';
import { isHostKeyFingerprint } from './host-key.js';
import { SshError } from './ssh-errors.js';
import type { SshTarget } from './ssh-target.js';

export interface ConnectionTimings {
  /** Bound on TCP connect + SSH handshake + authentication. */
  connectTimeoutMs: number;
  /** SSH-level keepalive, so a silently dead peer is noticed (3 missed → closed). */
  keepaliveIntervalMs: number;
}

/** ssh2 connect options for a target, after checking the settings (pinned fingerprint, a credential, a readable key). */
export function connectConfig(target: SshTarget, name: string, timings: ConnectionTimings): ConnectConfig {
  if (!isHostKeyFingerprint(target.hostKeyFingerprint)) {
    throw new SshError('invalid_settings', `no valid pinned host key fingerprint for ${name} (expected SHA256:...)`);
  }
  if (!target.privateKey && !target.password) {
    throw new SshError('invalid_settings', `no private key or password configured for ${name}`);
  }
  if (target.privateKey) {
    const parsed = ssh2.utils.parseKey(target.privateKey, target.passphrase);
    if (parsed instanceof Error) throw new SshError('invalid_key', `cannot read the private key for ${name}: ${parsed.message}`);
  }
  return {
    host: target.host,
    port: target.port,
    username: target.username,
    privateKey: target.privateKey,
    passphrase: target.passphrase,
    password: target.privateKey ? undefined : target.password,
    readyTimeout: timings.connectTimeoutMs,
    keepaliveInterval: timings.keepaliveIntervalMs,
    keepaliveCountMax: 3,
  };
}

/** Names the step that failed: host key, authentication, timeout or the connection itself. */
export function connectError(
  err: Error & { level?: string },
  target: SshTarget,
  name: string,
  presented: { fingerprint: string; keyType: string } | undefined,
): SshError {
  if (presented && presented.fingerprint !== target.hostKeyFingerprint) {
    return new SshError(
      'host_key_mismatch',
      `host key mismatch for ${target.host}:${target.port}: expected ${target.hostKeyFingerprint}, ` +
        `the server presented ${presented.fingerprint} (${presented.keyType}); ` +
        'if the server key was changed on purpose, pin the new fingerprint',
    );
  }
  if (err.level === 'client-authentication') {
    const method = target.privateKey ? 'a private key' : 'a password';
    return new SshError('auth_failed', `authentication failed for ${name} with ${method}`, { cause: err });
  }
  if (err.level === 'client-timeout') {
    return new SshError('timeout', `timed out connecting to ${name}: ${err.message}`, { cause: err });
  }
  return new SshError('connect_failed', `cannot connect to ${name}: ${err.message}`, { cause: err });
}
