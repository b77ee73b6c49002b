/** Rows changed by an UPDATE/DELETE: TypeORM's PostgreSQL driver returns `[rows, rowCount]` for them. */
export function affected(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return 0;
}
