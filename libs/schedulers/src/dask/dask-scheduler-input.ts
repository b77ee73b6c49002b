import { DomainError, invalid } from '../../../domain/src/index.js';
import { sshSchedulerInput, type SchedulerInputResult } from '../scheduler-input.js';
import type { ScannedHostKey } from '../ssh/host-key.js';
import { daskAddressProblem, type DaskSchedulerSettings } from './dask-scheduler-settings.js';

const NAME = /^[A-Za-z0-9_.-]{1,255}$/;
const FIELDS = new Set(['name', 'address', 'timeout', 'heartbeatInterval', 'dashboardUrl', 'sshTunnel']);

/**
 * Validates the fields of a Dask scheduler, shared by the API and the CLI:
 * its address (`tcp://host:port`), timeout (s), heartbeat interval (ms),
 * dashboard URL, and optionally an SSH server to tunnel through
 * (`sshTunnel`: the fields of an SSH scheduler; its credentials are
 * encrypted and its host key pinned the same way). Every problem names its
 * field, tunnel fields as `sshTunnel.<field>`.
 */
export async function daskSchedulerInput(
  body: Record<string, unknown>,
  scan?: (host: string, port: number) => Promise<ScannedHostKey>,
): Promise<SchedulerInputResult> {
  const unknown = Object.keys(body).find((k) => !FIELDS.has(k));
  if (unknown) throw invalid(unknown, `is not a field of dask schedulers (fields: ${[...FIELDS].join(', ')})`);
  const name = body.name;
  if (typeof name !== 'string' || !NAME.test(name)) throw invalid('name', 'must be 1-255 letters, digits, "_", "." or "-"');
  const address = body.address;
  if (typeof address !== 'string') throw invalid('address', 'is required: the scheduler address, tcp://host:port');
  const problem = daskAddressProblem(address);
  if (problem) throw invalid('address', problem);
  const settings: DaskSchedulerSettings = {
    timeout: seconds(body, 'timeout'),
    heartbeatInterval: seconds(body, 'heartbeatInterval', 'milliseconds'),
    dashboardUrl: dashboard(body.dashboardUrl),
  };
  const base = { name, kind: 'dask' as const, host: address, port: null, username: null, secret: null, hostKeyFingerprint: null };
  if (body.sshTunnel === undefined) return { scheduler: { ...base, settings: { ...settings } } };
  const tunnel = body.sshTunnel;
  if (typeof tunnel !== 'object' || tunnel === null || Array.isArray(tunnel)) {
    throw invalid('sshTunnel', 'must be an object: host, port, username, password or privateKey (+ passphrase), hostKeyFingerprint');
  }
  if ('local' in tunnel || 'directory' in tunnel) throw invalid('sshTunnel', 'needs an SSH server (host, username, ...)');
  const ssh = await sshSchedulerInput('dask', { ...tunnel, name }, scan).catch((err: unknown) => {
    if (err instanceof DomainError && err.field) throw invalid(`sshTunnel.${err.field}`, err.message.replace(`${err.field}: `, ''));
    throw err;
  });
  const { host, port, username, secret, hostKeyFingerprint } = ssh.scheduler;
  settings.sshTunnel = { host: host!, port: port! };
  return { scheduler: { ...base, username, secret, hostKeyFingerprint, settings: { ...settings } }, scanned: ssh.scanned };
}

function seconds(body: Record<string, unknown>, field: string, unit = 'seconds'): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 86_400_000) {
    throw invalid(field, `must be a whole number of ${unit} (0 for Dask's default)`);
  }
  return value;
}

function dashboard(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const valid = typeof value === 'string' && value.length <= 1024 && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
  if (!valid) throw invalid('dashboardUrl', 'must be an http(s) URL, e.g. http://scheduler:8787/status');
  return value;
}
