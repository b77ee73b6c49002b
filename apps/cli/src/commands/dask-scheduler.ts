import type { SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import type { DaskSchedulerSettings } from '../../../../libs/schedulers/src/dask/dask-scheduler-settings.js';

export const DASK_USAGE = `schedulers create-dask --name NAME --address tcp://HOST:PORT [--timeout SECONDS]
                          [--heartbeat-interval MS] [--dashboard-url URL]
                          [--ssh-host HOST [--ssh-port 22] --ssh-username USER
                           (--password-file FILE | --private-key FILE [--passphrase-file FILE])
                           [--host-key-fingerprint SHA256:...]]`;

export const DASK_OPTIONS = {
  address: { type: 'string' }, timeout: { type: 'string' }, 'heartbeat-interval': { type: 'string' }, 'dashboard-url': { type: 'string' },
  'ssh-host': { type: 'string' }, 'ssh-port': { type: 'string' }, 'ssh-username': { type: 'string' },
} as const;

type Values = Partial<Record<keyof typeof DASK_OPTIONS | 'name' | 'host-key-fingerprint', string>>;
type Secrets = { password?: string; privateKey?: string; passphrase?: string };

/** The fields of `daskSchedulerInput` from the command line; `--ssh-*` makes the scheduler reached through that SSH server. */
export function daskCreateFields(values: Values, secrets: Secrets): Record<string, unknown> {
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const fields: Record<string, unknown> = {
    name: values.name, address: values.address, timeout: number(values.timeout),
    heartbeatInterval: number(values['heartbeat-interval']), dashboardUrl: values['dashboard-url'],
  };
  if (values['ssh-host'] !== undefined) {
    fields.sshTunnel = {
      host: values['ssh-host'], port: number(values['ssh-port']), username: values['ssh-username'],
      hostKeyFingerprint: values['host-key-fingerprint'], ...secrets,
    };
  }
  return fields;
}

/** Where a Dask scheduler is: its address, and the SSH server it is reached through. */
export function daskWhere(s: SchedulerEntity): string {
  const tunnel = (s.settings as DaskSchedulerSettings).sshTunnel;
  return tunnel ? `${s.host} via ${s.username}@${tunnel.host}:${tunnel.port}` : `${s.host}`;
}
