import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

export interface Rows<T> {
  rows: T[];
  rowCount: number;
}

const names = new Map<string, string>();
let generation = 0;

/** One name per statement text: PostgreSQL keeps the parsed statement per connection under it. */
function nameOf(text: string, fresh = false): string {
  let name = names.get(text);
  if (!name || fresh) names.set(text, (name = `cja_${createHash('sha1').update(text).digest('hex').slice(0, 20)}_${generation++}`));
  return name;
}

/** A migration changed a table under a statement prepared before it (e.g. a column added to `SELECT *`). */
const isStalePlan = (err: unknown) => (err as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String((err as Error).message));

/**
 * Runs a statement of the hot path (every job runs it) as a named prepared
 * statement: parsed and planned once per connection instead of every time,
 * which roughly halves its cost in PostgreSQL. Inside a transaction it runs
 * on the transaction's connection, unprepared.
 */
export async function hotQuery<T = Record<string, unknown>>(m: EntityManager, text: string, values: unknown[]): Promise<Rows<T>> {
  if (m.queryRunner) {
    const result = await m.queryRunner.query(text, values, true);
    return { rows: result.records as T[], rowCount: result.affected ?? 0 };
  }
  const pool = (m.dataSource.driver as PostgresDriver).master;
  const run = (name: string) => pool.query({ name, text, values });
  // A statement prepared before a schema change is prepared again under a new name.
  const result = await run(nameOf(text)).catch((err: unknown) => (isStalePlan(err) ? run(nameOf(text, true)) : Promise.reject(err)));
  return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
}
