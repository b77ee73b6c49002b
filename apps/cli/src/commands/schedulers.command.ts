import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { key32 } from '../../../../libs/config/src/index.js';
import { invalid, notFound } from '../../../../libs/domain/src/index.js';
import { SchedulersRepository, type SchedulerEntity } from '../../../../libs/persistence/src/index.js';
import { scanHostKey } from '../../../../libs/schedulers/src/ssh/host-key.js';
import { daskSchedulerInput } from '../../../../libs/schedulers/src/dask/dask-scheduler-input.js';
import { sshSchedulerInput } from '../../../../libs/schedulers/src/scheduler-input.js';
import { DASK_OPTIONS, DASK_USAGE, daskCreateFields, daskWhere } from './dask-scheduler.js';
import { withDatabase } from './database.js';

const USAGE = `schedulers create-condor --name NAME (--host HOST [--port 22] --username USER
                          (--password-file FILE | --private-key FILE [--passphrase-file FILE])
                          [--host-key-fingerprint SHA256:...] | --local [--directory DIR])
${DASK_USAGE}
schedulers fetch-host-key --host HOST [--port 22]
schedulers list
schedulers show NAME
schedulers remove NAME`;

/** Secrets are read from files, never from the command line, where other users of the machine could see them. */
const readSecret = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, 'utf8'));

export const schedulersCommand = {
  summary: 'register, list, show and remove schedulers; fetch a host key to confirm',
  async run(args: string[]): Promise<void> {
    const [sub, ...rest] = args;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        name: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, username: { type: 'string' },
        'password-file': { type: 'string' }, 'private-key': { type: 'string' }, 'passphrase-file': { type: 'string' },
        'host-key-fingerprint': { type: 'string' }, local: { type: 'boolean' }, directory: { type: 'string' }, ...DASK_OPTIONS,
      },
    });
    const port = values.port === undefined ? undefined : Number(values.port);
    if (sub === 'fetch-host-key') {
      if (!values.host) throw invalid('--host', 'is required');
      const key = await scanHostKey(values.host, port ?? 22);
      console.log(`${key.fingerprint} (${key.keyType})`);
      console.log(`compare with the output of \`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub\` on ${values.host} before pinning it`);
      return;
    }
    if (!['create-condor', 'create-dask', 'list', 'show', 'remove'].includes(sub ?? '')) {
      console.log(USAGE);
      process.exitCode = 2;
      return;
    }
    await withDatabase(async (ds) => {
      const creating = sub === 'create-condor' || sub === 'create-dask';
      const schedulers = new SchedulersRepository(ds, creating ? key32(process.env, 'SECRETS_KEY') : Buffer.alloc(32));
      if (creating) {
        const passphrase = readSecret(values['passphrase-file'])?.replace(/\r?\n$/, '');
        const secrets = { password: readSecret(values['password-file'])?.replace(/\r?\n$/, ''), privateKey: readSecret(values['private-key']), passphrase };
        const { scheduler, scanned } = sub === 'create-dask' ? await daskSchedulerInput(daskCreateFields(values, secrets)) : await sshSchedulerInput('condor', {
          name: values.name, host: values.host, port, username: values.username, local: values.local,
          directory: values.directory, ...secrets, hostKeyFingerprint: values['host-key-fingerprint'],
        });
        if (scheduler.secret) scheduler.settings = { ...scheduler.settings, auth: scheduler.secret.password ? 'password' : 'privateKey' };
        const created = await schedulers.create(scheduler);
        print(created);
        if (scanned) console.log(`pinned the host key read from the server: ${scanned.fingerprint} (${scanned.keyType}); check it matches the server's own`);
      } else if (sub === 'list') {
        for (const s of await schedulers.list()) console.log([s.name, s.kind, where(s)].join('\t'));
      } else {
        const name = positionals[0];
        if (!name) throw invalid('NAME', 'is required');
        const found = sub === 'show' ? await schedulers.findByName(name) : await schedulers.remove(name);
        if (!found) throw notFound(`scheduler "${name}"`);
        if (sub === 'show') print(found);
        else console.log(`removed scheduler "${name}"`);
      }
    });
  },
};

function where(s: SchedulerEntity): string {
  if (s.kind === 'dask') return daskWhere(s);
  return s.host === null ? `local (${String(s.settings.directory ?? 'home directory of the worker user')})` : `${s.username}@${s.host}:${s.port}`;
}

function print(s: SchedulerEntity): void {
  console.log(`${s.name}\t${s.kind}\t${where(s)}`);
  if (s.hostKeyFingerprint) console.log(`host key\t${s.hostKeyFingerprint}`);
  if (s.settings.auth) console.log(`logs in with\t${String(s.settings.auth)}`);
}
