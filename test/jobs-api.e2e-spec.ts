import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const JOBS = '/api/v1/apps/hydro/jobs';

describe('jobs API with a BASIC worker', () => {
  let stack: Stack;
  let alice: ApiClient;

  before(async () => {
    stack = await Stack.start({ jobTypes: ['basic'] });
    alice = await stack.client('hydro', 'alice');
  });
  after(() => stack?.close());

  const statusOf = async (id: string) => (await alice.get(`${JOBS}/${id}`)).body.statusCode as string;

  test('create with {id} templating, groups, workspace and extended properties', async () => {
    const res = await alice.post(JOBS, {
      name: 'flood-{id}', jobType: 'basic', description: 'a run', groups: ['modelers', 'modelers'],
      workspace: 'runs/2026', extendedProperties: { region: { name: 'delta' } },
    });
    assert.equal(res.status, 201);
    const job = res.body;
    assert.equal(job.name, `flood-${job.id}`);
    assert.equal(job.jobType, 'BASIC');
    assert.equal(job.status, 'Pending');
    assert.deepEqual(job.groups, ['modelers']);
    assert.match(job.workspace, /hydro\/user_workspaces\/alice\/runs\/2026$/);
    assert.deepEqual(job.extendedProperties, { region: { name: 'delta' } });
    assert.equal(job.runTime, null);
  });

  test('a burst of concurrent creates: each job written once with its own fields, groups, event and first action', async () => {
    const n = 120;
    const replies = await Promise.all(Array.from({ length: n }, (_, i) => alice.as(`burst-${i % 3}`).post(JOBS, {
      name: `burst-${i}-{id}`, jobType: 'BASIC', groups: i % 2 ? [`g${i}`] : [], extendedProperties: { i }, execute: i % 4 === 0,
    })));
    assert.deepEqual(replies.map((r) => r.status), Array(n).fill(201));
    const ids = new Set(replies.map((r) => r.body.id));
    assert.equal(ids.size, n, 'every reply has its own job');
    replies.forEach((r, i) => {
      assert.equal(r.body.name, `burst-${i}-${r.body.id}`);
      assert.equal(r.body.user, `burst-${i % 3}`);
      assert.deepEqual(r.body.groups, i % 2 ? [`g${i}`] : []);
      assert.deepEqual(r.body.extendedProperties, { i });
    });
    const [counts] = await stack.ds.query(
      `SELECT (SELECT count(*) FROM jobs WHERE name LIKE 'burst-%')::int AS jobs,
              (SELECT count(*) FROM job_events e JOIN jobs j ON j.id = e.job_id WHERE j.name LIKE 'burst-%' AND e.type = 'created')::int AS events,
              (SELECT count(*) FROM job_groups g JOIN jobs j ON j.id = g.job_id WHERE j.name LIKE 'burst-%')::int AS groups,
              (SELECT count(*) FROM outbox o JOIN jobs j ON j.id = o.job_id WHERE j.name LIKE 'burst-%')::int AS actions`,
    );
    assert.deepEqual(counts, { jobs: n, events: n, groups: n / 2, actions: n / 4 });
    const executed = replies.filter((_, i) => i % 4 === 0).map((r) => r.body.id as string);
    await waitFor('every executed burst job Submitted', async () => {
      const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM jobs WHERE id = ANY($1) AND status = 'SUB'`, [executed]);
      return rows[0].n === executed.length;
    }, 20_000, 50);
  });

  test('BASIC lifecycle: execute → Submitted, manual Running, pause, resume, Complete, resubmit, delete', async () => {
    const { body: job } = await alice.post(JOBS, { name: 'life', jobType: 'BASIC' });
    const exec = await alice.post(`${JOBS}/${job.id}/actions/execute`);
    assert.equal(exec.status, 202);
    await waitFor('Submitted', async () => (await statusOf(job.id)) === 'SUB');
    const again = await alice.post(`${JOBS}/${job.id}/actions/execute`);
    assert.equal(again.status, 409);
    assert.match(again.body.message, /only a Pending job can be executed; this job is Submitted/);

    const running = await alice.patch(`${JOBS}/${job.id}`, { status: 'Running', statusMessage: 'meshing' });
    assert.equal(running.status, 200);
    assert.equal(running.body.statusCode, 'RUN');
    assert.equal(running.body.statusMessage, 'meshing');
    assert.ok(running.body.startTime, 'start time set on SUB → RUN');

    await alice.post(`${JOBS}/${job.id}/actions/pause`);
    await waitFor('Paused', async () => (await statusOf(job.id)) === 'PAS');
    await alice.post(`${JOBS}/${job.id}/actions/resume`);
    await waitFor('Running again', async () => (await statusOf(job.id)) === 'RUN');

    const done = await alice.patch(`${JOBS}/${job.id}`, { status: 'COM' });
    assert.equal(done.body.status, 'Complete');
    assert.ok(done.body.completionTime);
    assert.equal(typeof done.body.runTime, 'number');

    const late = await alice.patch(`${JOBS}/${job.id}`, { status: 'RUN' });
    assert.equal(late.status, 409);
    assert.match(late.body.message, /resubmit it to run it again/);

    await alice.post(`${JOBS}/${job.id}/actions/resubmit`);
    await waitFor('resubmitted', async () => {
      const j = (await alice.get(`${JOBS}/${job.id}`)).body;
      return j.statusCode === 'RUN' && j.attempt === 2 && j.completionTime === null;
    });
    const stop = await alice.post(`${JOBS}/${job.id}/actions/stop`);
    assert.equal(stop.status, 202);
    await waitFor('Aborted', async () => (await statusOf(job.id)) === 'ABT');

    const jobDir = path.join(job.workspace, `job-${job.id}`);
    mkdirSync(path.join(jobDir, 'logs'), { recursive: true });
    writeFileSync(path.join(jobDir, 'logs', 'run.log'), 'hello');
    const del = await alice.delete(`${JOBS}/${job.id}`);
    assert.equal(del.status, 202);
    assert.equal((await alice.get(`${JOBS}/${job.id}`)).status, 404, 'hidden at once');
    await waitFor('row removed by the worker', async () => {
      const rows = await stack.ds.query('SELECT 1 FROM jobs WHERE id = $1', [job.id]);
      return rows.length === 0;
    });
    const events = await stack.ds.query('SELECT type, to_status FROM job_events WHERE job_id = $1 ORDER BY id', [job.id]);
    assert.deepEqual(events.map((e: { type: string; to_status: string | null }) => `${e.type}:${e.to_status ?? ''}`), [
      'created:PEN', 'status:SUB', 'status:RUN', 'status:PAS', 'status:RUN', 'status:COM', 'status:RUN', 'status:ABT', 'deleted:',
    ]);
  });

  test('custom statuses are stored as Other and classified per app', async () => {
    const { body: job } = await alice.post(JOBS, { name: 'custom', jobType: 'BASIC', execute: true });
    await waitFor('Submitted', async () => (await statusOf(job.id)) === 'SUB');
    const custom = await alice.patch(`${JOBS}/${job.id}`, { status: 'Meshing' });
    assert.equal(custom.body.statusCode, 'OTH');
    assert.equal(custom.body.status, 'Meshing');
    assert.equal(custom.body.extendedProperties.__other_status__, 'Meshing');
    assert.equal((await alice.post(`${JOBS}/${job.id}/actions/pause`)).status, 409, 'unclassified: not running');
    const classify = await alice.request('PUT', '/api/v1/apps/hydro/custom-statuses/Meshing', { kind: 'running' });
    assert.equal(classify.status, 200);
    assert.equal((await alice.post(`${JOBS}/${job.id}/actions/pause`)).status, 202);
    await waitFor('Paused', async () => (await statusOf(job.id)) === 'PAS');
    const cleared = (await alice.get(`${JOBS}/${job.id}`)).body;
    assert.equal(cleared.extendedProperties.__other_status__, undefined);
    const listed = await alice.get('/api/v1/apps/hydro/custom-statuses');
    assert.deepEqual(listed.body.items, [{ name: 'Meshing', kind: 'running' }]);
    assert.equal((await alice.delete('/api/v1/apps/hydro/custom-statuses/Meshing')).status, 204);
    assert.equal((await alice.delete('/api/v1/apps/hydro/custom-statuses/Meshing')).status, 404);
    const otherApp = await stack.client('other', 'alice');
    assert.equal((await otherApp.get('/api/v1/apps/hydro/custom-statuses')).status, 403);
  });

  test('logs and results are served from the job directory', async () => {
    const { body: job } = await alice.post(JOBS, { name: 'files', jobType: 'BASIC' });
    const dir = path.join(job.workspace, `job-${job.id}`);
    mkdirSync(path.join(dir, 'logs', 'proc0'), { recursive: true });
    mkdirSync(path.join(dir, 'results'), { recursive: true });
    writeFileSync(path.join(dir, 'logs', 'proc0', 'out.txt'), 'stdout text');
    writeFileSync(path.join(dir, 'results', 'depth.csv'), 'x,y\n1,2\n');
    const logs = await alice.get(`${JOBS}/${job.id}/logs`);
    assert.deepEqual(logs.body.files.map((f: { path: string }) => f.path), ['proc0/out.txt']);
    const log = await alice.get(`${JOBS}/${job.id}/logs/proc0/out.txt`);
    assert.equal(log.body, 'stdout text');
    const results = await alice.get(`${JOBS}/${job.id}/results`);
    assert.equal(results.body.result, null);
    assert.deepEqual(results.body.files.map((f: { path: string; size: number }) => [f.path, f.size]), [['depth.csv', 8]]);
    assert.equal((await alice.get(`${JOBS}/${job.id}/results/depth.csv`)).body, 'x,y\n1,2\n');
    assert.equal((await alice.get(`${JOBS}/${job.id}/logs/..%2F..%2Fetc%2Fpasswd`)).status, 400);
    assert.equal((await alice.get(`${JOBS}/${job.id}/logs/missing.txt`)).status, 404);
  });

  test('keyset pagination walks every job once, in order, with filters', async () => {
    const bob = alice.as('bob');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await bob.post(JOBS, { name: `page-${i}`, jobType: 'BASIC' })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await bob.get(
        `${JOBS}?limit=3&orderBy=creationTime${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((j) => j.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ids);
    const desc = await bob.get(`${JOBS}?orderBy=-id&limit=2`);
    assert.deepEqual(desc.body.items.map((j: { id: string }) => j.id), [ids[6], ids[5]]);
    const pending = await bob.get(`${JOBS}?status=Pending,SUB&jobType=basic`);
    assert.equal(pending.body.items.length, 7);
    const none = await bob.get(`${JOBS}?status=COM`);
    assert.equal(none.body.items.length, 0);
    const future = await bob.get(`${JOBS}?createdAfter=2999-01-01T00:00:00Z`);
    assert.equal(future.body.items.length, 0);
  });

  test('bad input is a 4xx naming the field, never a 5xx', async () => {
    const cases: [string, string, unknown, number, RegExp][] = [
      ['POST', JOBS, { jobType: 'BASIC' }, 400, /name/],
      ['POST', JOBS, { name: 'x' }, 400, /jobType/],
      ['POST', JOBS, { name: 'x', jobType: 'SLURMY' }, 400, /jobType: must be one of/],
      ['POST', JOBS, { name: 'x', jobType: 'BASIC', executable: '/bin/sh' }, 400, /executable: is not a field of BASIC jobs/],
      ['POST', JOBS, { name: 'x'.repeat(2000), jobType: 'BASIC' }, 400, /name/],
      ['POST', JOBS, { name: 'x', jobType: 'BASIC', groups: 'a' }, 400, /groups/],
      ['POST', JOBS, { name: 'x', jobType: 'BASIC', workspace: '../../bob' }, 400, /workspace: must stay inside/],
      ['POST', JOBS, { name: 'x', jobType: 'BASIC', workspace: '/etc' }, 400, /workspace: must be a relative path/],
      ['POST', JOBS, { name: 'x', jobType: 'BASIC', extendedProperties: [1] }, 400, /extendedProperties/],
      ['POST', JOBS, { name: 'x', jobType: 'BASIC', execute: 'yes' }, 400, /execute/],
      ['POST', JOBS, [1, 2], 400, /body|name/],
      ['POST', JOBS, { name: 'nul\u0000', jobType: 'BASIC' }, 400, /name: must not contain NUL/],
      ['POST', JOBS, { name: 'x', jobType: 'BASIC', extendedProperties: { deep: ['ok', { 'k\u0000': 1 }] } }, 400, /extendedProperties\.deep\[1\]\.k/],
      ['PATCH', `${JOBS}/1`, { statusMessage: 'a\u0000b' }, 400, /statusMessage: must not contain NUL/],
      ['GET', `${JOBS}?user=a%00b`, undefined, 400, /user: must not contain NUL/],
      ['GET', `${JOBS}?limit=0`, undefined, 400, /limit/],
      ['GET', `${JOBS}?limit=abc`, undefined, 400, /limit/],
      ['GET', `${JOBS}?orderBy=name`, undefined, 400, /orderBy/],
      ['GET', `${JOBS}?status=Bogus`, undefined, 400, /status/],
      ['GET', `${JOBS}?jobType=nope`, undefined, 400, /jobType/],
      ['GET', `${JOBS}?cursor=garbage`, undefined, 400, /cursor/],
      ['GET', `${JOBS}?createdAfter=yesterday`, undefined, 400, /createdAfter/],
      ['GET', `${JOBS}?user=a&groups=b`, undefined, 400, /mutually exclusive/],
      ['GET', `${JOBS}?surprise=1`, undefined, 400, /surprise/],
      ['GET', `${JOBS}/abc`, undefined, 404, /job abc not found/],
      ['GET', `${JOBS}/99999999999999999999999`, undefined, 404, /not found/],
      ['PATCH', `${JOBS}/1`, { status: 5 }, 400, /status/],
      ['PATCH', `${JOBS}/1`, { statusMessage: 'x'.repeat(3000) }, 400, /statusMessage/],
      ['PATCH', `${JOBS}/1`, { owner: 'mallory' }, 400, /owner/],
      ['POST', `${JOBS}/1/actions/explode`, {}, 400, /action: must be one of/],
      ['POST', `${JOBS}/1/actions/process_results`, {}, 400, /action/],
      ['GET', '/api/v1/apps/bad app/jobs', undefined, 400, /app/],
      ['PUT', '/api/v1/apps/hydro/custom-statuses/Running', { kind: 'running' }, 400, /built-in/],
      ['PUT', '/api/v1/apps/hydro/custom-statuses/X', { kind: 'sideways' }, 400, /kind/],
    ];
    for (const [method, url, body, status, message] of cases) {
      const res = await alice.request(method, url, body);
      assert.equal(res.status, status, `${method} ${url} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.match(JSON.stringify(res.body), message, `${method} ${url}`);
    }
    const malformed = await alice.request('POST', JOBS, undefined, '{"name": ');
    assert.equal(malformed.status, 400);
    const noUser = await alice.as(null).post(JOBS, { name: 'x', jobType: 'BASIC' });
    assert.equal(noUser.status, 400);
    assert.match(noUser.body.message, /X-Jobs-User/);
    const badUser = await alice.as('a,b').get(JOBS);
    assert.equal(badUser.status, 400);
    assert.equal((await alice.withKey(null).get(JOBS)).status, 401);
    assert.equal((await alice.withKey('cja_wrong').get(JOBS)).status, 401);
  });

  test('status callback URL, health, metrics and docs', async () => {
    const { body: job } = await alice.post(JOBS, { name: 'cb', jobType: 'BASIC' });
    const { body } = await alice.get(`${JOBS}/${job.id}/status-callback-url`);
    assert.match(body.url, new RegExp(`^${stack.baseUrl}/update-job-status/${job.id}/\\?token=[\\w-]{32}$`));
    assert.equal((await fetch(`${stack.baseUrl}/health`)).status, 200);
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    assert.match(metrics, /http_requests_total/);
    assert.match(metrics, /jobs_by_status\{app="hydro",status="PEN"\} \d+/);
    assert.match(metrics, /queue_jobs\{queue="jobs-basic",state="completed"\}/);
    const docs = await fetch(`${stack.baseUrl}/docs-json`);
    assert.equal(docs.status, 200);
    const spec = (await docs.json()) as { paths: Record<string, unknown> };
    assert.ok(spec.paths['/api/v1/apps/{app}/jobs/{id}/actions/{action}']);
    assert.equal((await fetch(`${stack.baseUrl}/queues`)).status, 401);
    assert.equal((await fetch(`${stack.baseUrl}/queues`, { headers: { Authorization: `Bearer ${alice.key}` } })).status, 403);
    assert.equal((await fetch(`${stack.baseUrl}/queues/api/queues`, { headers: { Authorization: `Bearer ${stack.adminKey}` } })).status, 200);
  });
});
