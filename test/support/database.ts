import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../libs/persistence/src/index.js';

const PG = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A migrated database of the suite's own (no service running on it); `drop` closes and removes it. */
export async function migratedDatabase(): Promise<{ ds: DataSource; drop(): Promise<void> }> {
  const dbName = `cja_test_${randomBytes(5).toString('hex')}`;
  await runMigrations(`${PG}/${dbName}`);
  const ds = await createDataSource(`${PG}/${dbName}`, 'compute-jobs-test').initialize();
  return {
    ds,
    async drop() {
      await ds.destroy();
      const admin = await new DataSource({ type: 'postgres', url: `${PG}/postgres` }).initialize();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
