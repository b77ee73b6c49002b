import { parseArgs } from 'node:util';
import { ApiKeysRepository } from '../../../../libs/persistence/src/index.js';
import { withDatabase } from './database.js';

/**
 * Creates an API key for a demo app and a few BASIC jobs through the HTTP API
 * (so the demo exercises the real path), one of them executed.
 */
export const demoCommand = {
  summary: 'create a demo app key and a few jobs through the running API',
  async run(args: string[]): Promise<void> {
    const { values } = parseArgs({
      args,
      options: {
        app: { type: 'string', default: 'demo' },
        user: { type: 'string', default: 'alice' },
        url: { type: 'string', default: process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      },
    });
    const key = await withDatabase(async (ds) =>
      (await new ApiKeysRepository(ds).create({ name: `demo ${values.app}`, label: values.app!, admin: false, scopes: [] })).key,
    );
    const headers = { Authorization: `Bearer ${key}`, 'X-Jobs-User': values.user!, 'Content-Type': 'application/json' };
    const jobs = [
      { name: 'demo-{id}', jobType: 'BASIC', description: 'created and left pending' },
      { name: 'demo-{id}', jobType: 'BASIC', description: 'executed at once', execute: true },
      { name: 'shared-{id}', jobType: 'BASIC', description: 'shared with the analysts group', groups: ['analysts'] },
    ];
    for (const body of jobs) {
      const res = await fetch(`${values.url}/api/v1/apps/${values.app}/jobs`, { method: 'POST', headers, body: JSON.stringify(body) });
      const job = (await res.json()) as { id: string; name: string; status: string };
      console.log(`job ${job.id} ${job.name}: ${job.status}`);
    }
    console.log(`\nAPI key for app "${values.app}": ${key}\ncurl -H 'Authorization: Bearer ${key}' -H 'X-Jobs-User: ${values.user}' ${values.url}/api/v1/apps/${values.app}/jobs`);
  },
};
