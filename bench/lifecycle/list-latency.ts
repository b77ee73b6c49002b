import { ApiClient } from '../../test/support/http.js';
import { Stack } from '../../test/support/stack.js';
import { BenchClient } from '../support/bench-client.js';
import { percentile } from '../support/stats.js';

export interface LatencyFigures {
  firstP50: number;
  firstP99: number;
  deepP50: number;
  deepP99: number;
}

/**
 * Fills the jobs table to `total` rows for app `big`: user "heavy" owns half,
 * the rest is spread over 1,000 users; a tenth is shared with groups.
 */
export async function fillJobs(stack: Stack, total: number): Promise<void> {
  const chunk = 100_000;
  for (let from = 0; from < total; from += chunk) {
    const to = Math.min(total, from + chunk) - 1;
    await stack.ds.query(
      `INSERT INTO jobs (name, user_id, label, job_type, workspace, status, creation_time)
       SELECT 'job-' || g, CASE WHEN g % 2 = 0 THEN 'heavy' ELSE 'user' || (g % 1000) END, 'big', 'BASIC', '/ws',
              (ARRAY['PEN','SUB','RUN','COM','ERR'])[1 + g % 5],
              timestamp '2026-01-01' + g * interval '1 second'
       FROM generate_series($1::int, $2::int) g`,
      [from, to],
    );
  }
  await stack.ds.query(
    `INSERT INTO job_groups (job_id, group_name, label, creation_time)
     SELECT id, 'team' || (id % 10), label, creation_time FROM jobs WHERE label = 'big' AND id % 10 = 0`,
  );
  // A settled table, as in service: statistics and visibility map up to date, no autovacuum racing the samples.
  await stack.ds.query('VACUUM ANALYZE jobs');
  await stack.ds.query('VACUUM ANALYZE job_groups');
}

async function timed(client: BenchClient, url: string, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    const res = await client.get(url);
    out.push(performance.now() - t);
    if (res.status !== 200 || JSON.parse(res.body).items.length === 0) throw new Error(`list failed: ${res.status}`);
  }
  return out;
}

/** p50/p99 over HTTP of the first page and of a page ~`depth` rows deep, for app + user. */
export async function listLatency(client: ApiClient, depth: number, samples: number): Promise<LatencyFigures> {
  let cursor: string | null = null;
  // Walk to the deep page with large pages, as a client paging through would.
  for (let seen = 0; seen < depth; seen += 500) {
    const page: { body: { nextCursor: string | null } } = await client.get(
      `/api/v1/apps/big/jobs?user=heavy&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    cursor = page.body.nextCursor;
  }
  const lean = new BenchClient(client.baseUrl, client.headers());
  await timed(lean, '/api/v1/apps/big/jobs?user=heavy&limit=50', 20);
  const first = await timed(lean, '/api/v1/apps/big/jobs?user=heavy&limit=50', samples);
  const deep = await timed(lean, `/api/v1/apps/big/jobs?user=heavy&limit=50&cursor=${cursor}`, samples);
  lean.close();
  return {
    firstP50: percentile(first, 50), firstP99: percentile(first, 99),
    deepP50: percentile(deep, 50), deepP99: percentile(deep, 99),
  };
}
