import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { SshError } from './ssh-errors.js';

/**
 * SSH host keys are pinned by the fingerprint OpenSSH prints
 * (`ssh-keygen -lf`, `ssh-keyscan | ssh-keygen -lf -`): `SHA256:` followed by
 * the unpadded base64 of the SHA-256 of the public key blob.
 */
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

export function isHostKeyFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}

/** The OpenSSH fingerprint of a public key blob (SSH wire format). */
export function fingerprintOfKeyBlob(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA... comment`, as in known_hosts or *.pub). */
export function fingerprintOfPublicKey(line: string): string {
  const fields = line.trim().split(/\s+/);
  const base64 = fields.find((f, i) => i > 0 && /^AAAA[A-Za-z0-9+/]+={0,3}$/.test(f));
  if (!base64) throw new Error('not an OpenSSH public key line');
  return fingerprintOfKeyBlob(Buffer.from(base64, 'base64'));
}

/** The key type named at the start of a key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return length > 0 && length <= 64 && blob.length >= 4 + length ? blob.subarray(4, 4 + length).toString('latin1') : 'unknown';
}

export interface ScannedHostKey {
  fingerprint: string;
  keyType: string;
}

/**
 * Connects to an SSH server only to learn its host key, and disconnects
 * before authenticating (no credentials are sent). Used to show an
 * administrator the fingerprint to confirm and pin when a scheduler is
 * created. The key is the one ssh2 negotiates by default, which is the key
 * later connections are verified against.
 */
export function scanHostKey(host: string, port: number, timeoutMs = 10_000): Promise<ScannedHostKey> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let scanned: ScannedHostKey | undefined;
    const finish = (err?: Error) => {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end();
      if (scanned) resolve(scanned);
      else reject(err ?? new SshError('connect_failed', `no host key received from ${host}:${port}`));
    };
    client.on('error', (err: Error & { level?: string }) => {
      const failure = /timed out/i.test(err.message) ? 'timeout' : 'connect_failed';
      finish(new SshError(failure, `cannot read the host key of ${host}:${port}: ${err.message}`, { cause: err }));
    });
    client.on('close', () => finish());
    client.connect({
      host,
      port,
      username: 'host-key-scan',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        scanned = { fingerprint: fingerprintOfKeyBlob(key), keyType: keyTypeOfBlob(key) };
        return false;
      },
    });
  });
}
