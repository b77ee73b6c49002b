import { DataSource } from 'typeorm';
import { loadDatabaseUrl } from '../../../../libs/config/src/index.js';
import { createDataSource } from '../../../../libs/persistence/src/index.js';

/** Runs `fn` with an initialised DataSource from DATABASE_URL, then closes it. */
export async function withDatabase<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await createDataSource(loadDatabaseUrl(), 'compute-jobs-cli').initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}
