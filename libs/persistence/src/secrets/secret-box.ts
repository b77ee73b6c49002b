import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a scheduler needs to log in; only ever stored encrypted. */
export interface SchedulerSecret {
  password?: string;
  privateKey?: string;
  passphrase?: string;
}

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size

/**
 * Encrypts a scheduler secret with AES-256-GCM under `key` (SECRETS_KEY).
 * The scheduler name is authenticated data, so a ciphertext copied onto
 * another scheduler row does not decrypt. Format: `v1:<iv>:<tag>:<data>` (base64).
 */
export function encryptSecret(key: Buffer, schedulerName: string, secret: SchedulerSecret): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(schedulerName, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64'))).join(':');
}

export class SecretDecryptionError extends Error {
  constructor(schedulerName: string) {
    super(`the secret of scheduler "${schedulerName}" cannot be decrypted: SECRETS_KEY differs from the key it was stored with, or the row was altered`);
    this.name = 'SecretDecryptionError';
  }
}

/** Decrypts what {@link encryptSecret} wrote for the same scheduler name. */
export function decryptSecret(key: Buffer, schedulerName: string, stored: string): SchedulerSecret {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new SecretDecryptionError(schedulerName);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(schedulerName, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as SchedulerSecret;
  } catch {
    throw new SecretDecryptionError(schedulerName);
  }
}
