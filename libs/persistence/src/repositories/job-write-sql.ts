import { OTHER_STATUS_KEY } from '../../../domain/src/index.js';

/** One guarded status change, as a row of the transition statement's input. */
export interface TransitionRow {
  idx: number;
  id: string;
  from_status: string;
  from_other: string | null;
  to_status: string;
  /** The custom status' text when `to_status` is OTH. */
  to_other: string | null;
  /** Columns set with the status, by `JobPatch` key; absent keys keep their value. */
  patch: Record<string, unknown>;
  message: string | null;
  display: string;
  results_queue: string | null;
  settle: string | null;
  attempt: number | null;
}

const kept = (key: string, column: string, cast: string) =>
  `${column} = CASE WHEN r.patch ? '${key}' THEN (r.patch->>'${key}')::${cast} ELSE j.${column} END`;

/** The columns a `JobPatch` (JSON in `r.patch`) sets on `jobs j`; absent keys keep their value. */
const PATCHED_COLUMNS = `
    ${kept('statusMessage', 'status_message', 'text')},
    ${kept('executeTime', 'execute_time', 'timestamptz')},
    ${kept('startTime', 'start_time', 'timestamptz')},
    ${kept('completionTime', 'completion_time', 'timestamptz')},
    ${kept('attempt', 'attempt', 'int')},
    ${kept('resultsAttempts', 'results_attempts', 'int')},
    result = CASE WHEN r.patch ? 'result' THEN r.patch->'result' ELSE j.result END,
    runtime = CASE WHEN r.patch ? 'runtime' THEN j.runtime || (r.patch->'runtime') ELSE j.runtime END`;

/** One column update without a status change, as a row of the patch statement's input. */
export interface PatchRow {
  idx: number;
  id: string;
  patch: Record<string, unknown>;
  attempt: number | null;
}

/**
 * Applies many patches (runtime bookkeeping, messages) in one statement,
 * each only while its job is on `attempt` when given. Job ids must be
 * unique within one call. Returns the `idx` of the rows applied.
 */
export const PATCH_SQL = `
WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(idx int, id bigint, patch jsonb, attempt int))
UPDATE jobs j SET ${PATCHED_COLUMNS.trim()}
FROM r WHERE j.id = r.id AND (r.attempt IS NULL OR j.attempt = r.attempt)
RETURNING r.idx`;

/**
 * Applies many status changes in one statement (data-modifying CTEs, atomic):
 * each is a compare-and-set on the job's status (and attempt, when given),
 * with its `job_events` row, its follow-up `process-results` action and its
 * settled action. One statement text for every change keeps it prepared
 * once per connection. Job ids must be unique within one call.
 */
export const TRANSITION_SQL = `
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(idx int, id bigint, from_status text, from_other text, to_status text,
    to_other jsonb, patch jsonb, message text, display text, results_queue text, settle bigint, attempt int)),
u AS (
  UPDATE jobs j SET
    status = r.to_status,
    extended_properties = CASE WHEN r.to_status = 'OTH'
      THEN jsonb_set(j.extended_properties, '{${OTHER_STATUS_KEY}}', r.to_other)
      ELSE j.extended_properties - '${OTHER_STATUS_KEY}' END,
    ${PATCHED_COLUMNS.trim()}
  FROM r
  WHERE j.id = r.id AND j.deleted_at IS NULL AND j.status = r.from_status
    AND (r.from_status <> 'OTH' OR j.extended_properties->>'${OTHER_STATUS_KEY}' IS NOT DISTINCT FROM r.from_other)
    AND (r.attempt IS NULL OR j.attempt = r.attempt)
  RETURNING j.id, j.label, j.user_id, r.idx, r.from_status, r.to_status, r.display, r.message, r.results_queue, r.settle),
e AS (
  INSERT INTO job_events (job_id, label, user_id, groups, type, from_status, to_status, status, message)
  SELECT u.id, u.label, u.user_id, COALESCE((SELECT array_agg(group_name) FROM job_groups WHERE job_id = u.id), '{}'),
         'status', u.from_status, u.to_status, u.display, u.message
  FROM u ORDER BY u.idx),
o AS (
  INSERT INTO outbox (job_id, queue, action, enqueued_at)
  SELECT u.id, u.results_queue, 'process-results', now() FROM u WHERE u.results_queue IS NOT NULL ORDER BY u.idx
  RETURNING *),
d AS (
  UPDATE outbox SET state = 'done', done_at = now()
  WHERE id IN (SELECT settle FROM u WHERE settle IS NOT NULL) AND state = 'pending')
SELECT u.idx, (SELECT row_to_json(o) FROM o WHERE o.job_id = u.id) AS outbox FROM u`;

/** Splits rows into rounds in which no job appears twice (one statement cannot update a row twice); rounds run in order, so a job's changes apply in order. */
export function uniqueJobRounds<T extends { id: string }>(rows: T[]): T[][] {
  const rounds: T[][] = [];
  const seen: Set<string>[] = [];
  for (const row of rows) {
    let i = 0;
    while (seen[i]?.has(row.id)) i++;
    (rounds[i] ??= []).push(row);
    (seen[i] ??= new Set()).add(row.id);
  }
  return rounds;
}
