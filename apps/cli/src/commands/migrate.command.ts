import { loadDatabaseUrl } from '../../../../libs/config/src/index.js';
import { runMigrations } from '../../../../libs/persistence/src/index.js';

export const migrateCommand = {
  summary: 'create the database if needed and apply pending migrations',
  async run(): Promise<void> {
    const applied = await runMigrations(loadDatabaseUrl());
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  },
};
