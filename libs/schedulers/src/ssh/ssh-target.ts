import { createHash } from 'node:crypto';

/** Everything needed to open an SSH connection to one scheduler. */
export interface SshTarget {
  host: string;
  port: number;
  username: string;
  /**
   * The server's pinned host key fingerprint (`SHA256:...`, as printed by
   * `ssh-keygen -lf`). Mandatory: a server presenting any other key is refused.
   */
  hostKeyFingerprint: string;
  /** OpenSSH/PEM private key text (Ed25519, ECDSA or RSA). */
  privateKey?: string;
  passphrase?: string;
  password?: string;
}

/**
 * A digest of every connection setting, secrets included, so a pool is
 * replaced when an administrator edits a scheduler (and never shared
 * between two different settings), without keeping a second copy of the
 * secrets in a map key.
 */
export function targetDigest(target: SshTarget): string {
  const fields = [target.host, target.port, target.username, target.hostKeyFingerprint];
  const secrets = [target.privateKey ?? '', target.passphrase ?? '', target.password ?? ''];
  return createHash('sha256').update(JSON.stringify([...fields, ...secrets])).digest('hex');
}
