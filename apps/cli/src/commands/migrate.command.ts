import { loadCommonConfig } from '../../../../libs/config/src/index.js';
import { runMigrations } from '../../../../libs/persistence/src/index.js';

export const migrateCommand = {
  summary: 'create the database if needed and apply pending migrations',
  async run(): Promise<void> {
    const applied = await runMigrations(loadCommonConfig().databaseUrl);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  },
};
