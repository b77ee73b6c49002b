import type { Viewer } from '../../../domain/src/index.js';

/**
 * SQL condition (on alias `j`) for the jobs a viewer may see: their own, those
 * shared with one of their groups, or all jobs of the app.
 * `next` gives the next free parameter number; parameters are appended to `params`.
 */
export function visibleJobsCondition(viewer: Viewer, params: unknown[]): string {
  params.push(viewer.label);
  const label = `j.label = $${params.length} AND j.deleted_at IS NULL`;
  if (viewer.all) return label;
  params.push(viewer.user ?? '');
  const own = `j.user_id = $${params.length}`;
  params.push(viewer.groups);
  const shared = `EXISTS (SELECT 1 FROM job_groups g WHERE g.job_id = j.id AND g.group_name = ANY($${params.length}))`;
  return `${label} AND (${own} OR ${shared})`;
}
