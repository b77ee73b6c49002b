import { parseArgs } from 'node:util';
import { invalid } from '../../../../libs/domain/src/index.js';
import { API_KEY_SCOPES, ApiKeyScope, ApiKeysRepository } from '../../../../libs/persistence/src/index.js';
import { withDatabase } from './database.js';

const USAGE = `keys create --name NAME (--app APP | --admin) [--scope jobs_table_actions] [--json]
keys list
keys revoke ID_OR_PREFIX`;

export const keysCommand = {
  summary: 'create, list and revoke API keys',
  async run(args: string[]): Promise<void> {
    const [sub, ...rest] = args;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        app: { type: 'string' },
        admin: { type: 'boolean', default: false },
        scope: { type: 'string', multiple: true, default: [] },
        json: { type: 'boolean', default: false },
      },
    });
    await withDatabase(async (ds) => {
      const keys = new ApiKeysRepository(ds);
      if (sub === 'create') {
        if (!values.name) throw invalid('--name', 'is required');
        if (!values.admin && !values.app) throw invalid('--app', 'is required unless --admin is given');
        if (values.app && !/^[A-Za-z0-9_.-]{1,255}$/.test(values.app)) throw invalid('--app', 'must be letters, digits, "_", "." or "-"');
        const scopes = values.scope as string[];
        const bad = scopes.find((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
        if (bad) throw invalid('--scope', `unknown scope "${bad}" (known: ${API_KEY_SCOPES.join(', ')})`);
        const { key, entity } = await keys.create({
          name: values.name, label: values.app ?? null, admin: values.admin!, scopes: scopes as ApiKeyScope[],
        });
        if (values.json) console.log(JSON.stringify({ id: entity.id, key, app: entity.label, admin: entity.admin, scopes }));
        else console.log(`${key}\n(id ${entity.id}; shown once, store it now)`);
      } else if (sub === 'list') {
        for (const k of await keys.list()) {
          const state = k.revokedAt ? 'revoked' : 'active';
          console.log([k.id, k.prefix, k.name, k.admin ? 'admin' : `app=${k.label}`, k.scopes.join(',') || '-', state].join('\t'));
        }
      } else if (sub === 'revoke') {
        const target = positionals[0];
        if (!target) throw invalid('ID_OR_PREFIX', 'is required');
        console.log((await keys.revoke(target)) ? 'revoked' : 'no active key with that id or prefix');
      } else {
        console.log(USAGE);
        process.exitCode = 2;
      }
    });
  },
};
