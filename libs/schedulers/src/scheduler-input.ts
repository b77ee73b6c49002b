import path from 'node:path';
import ssh2 from 'ssh2';
import { invalid } from '../../domain/src/index.js';
import type { NewScheduler, SchedulerKind } from '../../persistence/src/index.js';
import { isHostKeyFingerprint, scanHostKey, type ScannedHostKey } from './ssh/host-key.js';

const NAME = /^[A-Za-z0-9_.-]{1,255}$/;
const HOST = /^([A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}$|^\[?[0-9A-Fa-f:.]+\]?$/;
const USERNAME = /^[A-Za-z0-9_.][A-Za-z0-9_.@-]{0,254}$/;
const SSH_FIELDS = ['host', 'port', 'username', 'password', 'privateKey', 'passphrase', 'hostKeyFingerprint'];
const FIELDS = new Set(['name', 'kind', 'local', 'directory', ...SSH_FIELDS]);

export interface SchedulerInputResult {
  scheduler: NewScheduler;
  /** Set when the host key was not given and was read from the server to be pinned. */
  scanned?: ScannedHostKey;
}

/**
 * Validates the fields of a scheduler reached over SSH (or a local one,
 * `local: true`), shared by the API and the CLI. Every problem names its
 * field. A private key must be readable (with its passphrase); the host key
 * fingerprint, when not given, is read from the server and pinned.
 */
export async function sshSchedulerInput(
  kind: SchedulerKind,
  body: Record<string, unknown>,
  scan: (host: string, port: number) => Promise<ScannedHostKey> = scanHostKey,
): Promise<SchedulerInputResult> {
  const unknown = Object.keys(body).find((k) => !FIELDS.has(k));
  if (unknown) throw invalid(unknown, `is not a field of ${kind} schedulers`);
  const name = text(body, 'name', NAME, 'must be 1-255 letters, digits, "_", "." or "-"')!;
  if (body.local !== undefined && typeof body.local !== 'boolean') throw invalid('local', 'must be true or false');
  if (body.local === true) return { scheduler: localScheduler(kind, name, body) };
  if (body.directory !== undefined) throw invalid('directory', 'is only for local schedulers (local: true)');
  const host = text(body, 'host', HOST, 'must be a host name or an IP address')!;
  const port = portOf(body.port);
  const username = text(body, 'username', USERNAME, 'must be a user name (letters, digits, ".", "_", "-", "@")')!;
  const secret = credentials(body);
  let hostKeyFingerprint = text(body, 'hostKeyFingerprint', undefined, '', false);
  let scanned: ScannedHostKey | undefined;
  if (hostKeyFingerprint !== undefined && !isHostKeyFingerprint(hostKeyFingerprint)) {
    throw invalid('hostKeyFingerprint', 'must look like "SHA256:" and 43 base64 characters, as `ssh-keygen -lf` prints it');
  }
  if (hostKeyFingerprint === undefined) {
    scanned = await scan(host, port).catch((err: Error) => {
      throw invalid('hostKeyFingerprint', `not given, and the host key could not be read: ${err.message}; check host and port or give the fingerprint`);
    });
    hostKeyFingerprint = scanned.fingerprint;
  }
  return { scheduler: { name, kind, host, port, username, secret, hostKeyFingerprint, settings: {} }, scanned };
}

function localScheduler(kind: SchedulerKind, name: string, body: Record<string, unknown>): NewScheduler {
  const remote = SSH_FIELDS.find((f) => body[f] !== undefined);
  if (remote) throw invalid(remote, 'is not used by a local scheduler (local: true)');
  const directory = text(body, 'directory', undefined, '', false);
  if (directory !== undefined && !path.isAbsolute(directory)) throw invalid('directory', 'must be an absolute path');
  return { name, kind, host: null, port: null, username: null, secret: null, hostKeyFingerprint: null, settings: directory ? { directory } : {} };
}

function credentials(body: Record<string, unknown>): NonNullable<NewScheduler['secret']> {
  const password = text(body, 'password', undefined, '', false);
  const privateKey = text(body, 'privateKey', undefined, '', false);
  const passphrase = text(body, 'passphrase', undefined, '', false);
  if ((password === undefined) === (privateKey === undefined)) throw invalid('password', 'give either a password or a privateKey (with its passphrase, if any)');
  if (password !== undefined) {
    if (passphrase !== undefined) throw invalid('passphrase', 'is only used with a privateKey');
    return { password };
  }
  const parsed = ssh2.utils.parseKey(privateKey!, passphrase);
  if (parsed instanceof Error) {
    throw invalid(passphrase === undefined ? 'privateKey' : 'passphrase', `the private key cannot be read: ${parsed.message}`);
  }
  return passphrase === undefined ? { privateKey } : { privateKey, passphrase };
}

function text(body: Record<string, unknown>, field: string, pattern: RegExp | undefined, problem: string, required = true): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || value === '' || value.length > 65_536) throw invalid(field, 'must be a non-empty string');
  if (pattern && !pattern.test(value)) throw invalid(field, problem);
  return value;
}

function portOf(value: unknown): number {
  if (value === undefined || value === null) return 22;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) throw invalid('port', 'must be a whole number between 1 and 65535');
  return value;
}
