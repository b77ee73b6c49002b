import type { JobType, StatusCode, Viewer } from '../../../domain/src/index.js';

export type SortKey = 'creationTime' | 'id';
export interface JobListQuery {
  viewer: Viewer;
  /** Only jobs owned by this user (exclusive with `groups`, as in Tethys). */
  user?: string;
  /** Only jobs shared with one of these groups. */
  groups?: string[];
  status?: StatusCode[];
  jobType?: JobType[];
  createdFrom?: Date;
  createdTo?: Date;
  sort: { key: SortKey; desc: boolean };
  limit: number;
  /** Keyset position: the sort value and id of the last row of the previous page. */
  after?: { value: string; id: string };
}

type Branch = { kind: 'all' } | { kind: 'owner'; user: string } | { kind: 'group'; group: string; owner?: string };

/**
 * Which index-friendly branches make up the visible set: one per owner and
 * one per group, each an ordered index range scan, merged with UNION.
 */
function branches(q: JobListQuery): Branch[] {
  const { viewer } = q;
  if (viewer.all) {
    if (q.user !== undefined) return [{ kind: 'owner', user: q.user }];
    if (q.groups) return q.groups.map((group) => ({ kind: 'group', group }));
    return [{ kind: 'all' }];
  }
  if (q.user !== undefined) {
    if (q.user === viewer.user) return [{ kind: 'owner', user: q.user }];
    return viewer.groups.map((group) => ({ kind: 'group', group, owner: q.user }));
  }
  if (q.groups) return q.groups.filter((g) => viewer.groups.includes(g)).map((group) => ({ kind: 'group', group }));
  const own: Branch[] = viewer.user !== null ? [{ kind: 'owner', user: viewer.user }] : [];
  return [...own, ...viewer.groups.map((group): Branch => ({ kind: 'group', group }))];
}

/** Builds the parameterised SQL returning `id` and sort key `k` of one page. */
export function buildJobListSql(q: JobListQuery): { sql: string; params: unknown[] } | null {
  const parts = branches(q);
  if (parts.length === 0) return null;
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const dir = q.sort.desc ? 'DESC' : 'ASC';
  const cmp = q.sort.desc ? '<' : '>';
  const label = p(q.viewer.label);
  const filters: string[] = ['j.deleted_at IS NULL'];
  if (q.status?.length) filters.push(`j.status = ANY(${p(q.status)})`);
  if (q.jobType?.length) filters.push(`j.job_type = ANY(${p(q.jobType)})`);
  if (q.createdFrom) filters.push(`j.creation_time >= ${p(q.createdFrom)}`);
  if (q.createdTo) filters.push(`j.creation_time < ${p(q.createdTo)}`);
  const afterValue = q.after ? p(q.sort.key === 'id' ? q.after.id : new Date(q.after.value)) : null;
  const afterId = q.after ? p(q.after.id) : null;
  const limit = p(q.limit);

  const select = parts.map((b) => {
    const grouped = b.kind === 'group';
    const idCol = grouped ? 'g.job_id' : 'j.id';
    const keyCol = q.sort.key === 'id' ? idCol : grouped ? 'g.creation_time' : 'j.creation_time';
    const where = [grouped ? `g.label = ${label}` : `j.label = ${label}`, ...filters];
    if (b.kind === 'owner') where.push(`j.user_id = ${p(b.user)}`);
    if (b.kind === 'group') where.push(`g.group_name = ${p(b.group)}`);
    if (b.kind === 'group' && b.owner !== undefined) where.push(`j.user_id = ${p(b.owner)}`);
    if (afterValue) where.push(`(${keyCol}, ${idCol}) ${cmp} (${afterValue}, ${afterId}::bigint)`);
    const from = grouped ? 'job_groups g JOIN jobs j ON j.id = g.job_id' : 'jobs j';
    return `(SELECT ${idCol} AS id, ${keyCol} AS k FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${keyCol} ${dir}, ${idCol} ${dir} LIMIT ${limit})`;
  });
  const sql = `SELECT u.id, u.k FROM (${select.join(' UNION ')}) u ORDER BY u.k ${dir}, u.id ${dir} LIMIT ${limit}`;
  return { sql, params };
}
