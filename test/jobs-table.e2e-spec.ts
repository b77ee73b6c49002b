import assert from 'node:assert/strict';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Request } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser.js';
import { ApiClient } from './support/http.js';
import { JobsTablePage } from './support/jobs-table-page.js';
import { freePort, ServiceProcess } from './support/processes.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

// Callbacks of page.evaluate/waitForFunction run in the browser, whose globals this Node project does not type.
declare const document: any, window: any;
type HTMLElement = any;

const APP = '/api/v1/apps/lab';
const JOBS = `${APP}/jobs`;

describe('jobs table page in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let alice: ApiClient;

  before(async () => {
    [stack, browser] = await Promise.all([Stack.start({ jobTypes: ['basic'] }), launchChromium()]);
    alice = await stack.client('lab', 'alice');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  const link = async (body: Record<string, unknown> = {}, client = alice) => {
    const res = await client.post(`${APP}/view-links`, { user: client.user, ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { url: string; token: string; expiresAt: string };
  };
  const createJob = async (name: string, extra: Record<string, unknown> = {}, client = alice) => {
    const res = await client.post(JOBS, { name, jobType: 'BASIC', ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; workspace: string };
  };
  const apiStatus = async (id: string) => (await alice.get(`${JOBS}/${id}`)).body.status as string;
  const waitApiStatus = (id: string, status: string) => waitFor(`job ${id} ${status}`, async () => (await apiStatus(id)) === status);
  /** Reports a status through the job's signed callback URL, as a running job would. */
  const report = async (id: string, status: string) => {
    const { body } = await alice.get(`${JOBS}/${id}/status-callback-url`);
    const res = await fetch(`${body.url}&status=${encodeURIComponent(status)}`);
    assert.equal(res.status, 200, await res.text());
  };
  const runningJob = async (name: string) => {
    const job = await createJob(name, { execute: true });
    await waitApiStatus(job.id, 'Submitted');
    await report(job.id, 'Running');
    return job;
  };
  /** A job row of a type whose worker is not part of this stack (workflow, Dask), written as its worker would. */
  const insertJob = async (name: string, jobType: string, status: string, schedulerId: string | null = null) => {
    const [row] = await stack.ds.query(
      `INSERT INTO jobs (name, user_id, label, job_type, workspace, status, execute_time, start_time, scheduler_id)
       VALUES ($1, 'alice', 'lab', $2, $3, $4, now(), now(), $5) RETURNING id`,
      [name, jobType, path.join(stack.workspaces, 'lab'), status, schedulerId],
    );
    return String(row.id);
  };

  test('a view link shows only what its user may see, as text, under a strict CSP', async () => {
    const own = await createJob('<img src=x id=injected> flood {id}');
    const bob = await stack.client('lab', 'bob');
    const bobs = await createJob('bob-private', {}, bob);
    const shared = await createJob('bob-shared', { groups: ['modelers'] }, bob);
    const { url } = await link();

    const response = await fetch(url);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');

    const table = await JobsTablePage.open(browser, url);
    const ids = await table.ids();
    assert.ok(ids.includes(own.id));
    assert.ok(!ids.includes(bobs.id) && !ids.includes(shared.id), 'bob\'s jobs stay hidden');
    assert.equal(await table.page.locator('#injected').count(), 0, 'a job name is never markup');
    assert.match((await table.row(own.id).textContent()) ?? '', /<img src=x id=injected> flood/);
    await table.shot('01-own-jobs');
    await table.close();

    const withGroup = await JobsTablePage.open(browser, (await link({ groups: ['modelers'] })).url);
    const groupIds = await withGroup.ids();
    assert.ok(groupIds.includes(shared.id) && !groupIds.includes(bobs.id), 'jobs shared with a group of the user appear');
    await withGroup.close();
  });

  test('running a job: the status changes live, without reloading the page', async () => {
    const job = await createJob('live-{id}');
    const table = await JobsTablePage.open(browser, (await link()).url);
    await table.page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    assert.equal(await table.status(job.id), 'Pending');
    assert.deepEqual(await table.menuLabels(job.id), [
      'Run', 'Pause (disabled)', 'Resume (disabled)', 'Resubmit (disabled)', 'View Logs (disabled)', 'View Results (disabled)',
      'Terminate (disabled)', 'Delete',
    ]);
    await table.action(job.id, 'Run');
    await table.waitForStatus(job.id, 'Submitted');
    await report(job.id, 'Running');
    await table.waitForStatus(job.id, 'Running');
    await alice.patch(`${JOBS}/${job.id}`, { statusMessage: 'meshing the domain' });
    await table.row(job.id).locator('.jt-tooltip', { hasText: 'meshing the domain' }).waitFor({ state: 'attached' });
    await table.row(job.id).locator('.jt-info').focus();
    assert.deepEqual(await table.menuLabels(job.id), [
      'Run (disabled)', 'Pause', 'Resume (disabled)', 'Resubmit (disabled)', 'View Logs', 'View Results (disabled)', 'Terminate',
      'Delete (disabled)',
    ]);
    await table.shot('02-running-with-message');
    const results = path.join(job.workspace, `job-${job.id}`, 'results');
    await mkdir(results, { recursive: true });
    await writeFile(path.join(results, 'depth.csv'), 'x,depth\n1,2.5\n');
    await report(job.id, 'Complete');
    await table.waitForStatus(job.id, 'Complete');
    assert.equal(await table.page.evaluate(() => (window as unknown as { marker: number }).marker), 42, 'no reload');
    await table.action(job.id, 'View Results');
    await table.dialog().getByRole('button', { name: 'depth.csv' }).waitFor();
    await table.page.keyboard.press('Escape');
    await table.close();
  });

  test('terminate asks first; cancel keeps the job running', async () => {
    const job = await runningJob('terminate-me');
    const table = await JobsTablePage.open(browser, (await link()).url);
    await table.action(job.id, 'Terminate');
    await table.shot('03-terminate-confirmation');
    await table.confirm('cancel', 'Are you sure you want to terminate this job?');
    assert.equal(await apiStatus(job.id), 'Running');
    await table.action(job.id, 'Terminate');
    await table.confirm('ok', 'Are you sure you want to terminate this job?');
    await table.waitForStatus(job.id, 'Aborted');
    await table.close();
  });

  test('delete asks first, then the row goes and the job is gone', async () => {
    const job = await createJob('delete-me');
    const table = await JobsTablePage.open(browser, (await link()).url);
    await table.action(job.id, 'Delete');
    await table.confirm('ok', 'Are you sure you want to permanently delete this job?');
    await table.waitForRowGone(job.id);
    await table.notice('deleted');
    assert.equal((await alice.get(`${JOBS}/${job.id}`)).status, 404);
    await table.close();
  });

  test("a stale menu gets the server's 409 reason; a dropped stream catches up from the last event", async () => {
    const job = await createJob('stale');
    const page = await browser.newPage();
    await page.route('**/events?**', (route) => route.abort()); // no live updates for this page
    await page.goto((await link()).url);
    const table = new JobsTablePage(page);
    await page.waitForSelector(`tr.jt-row[data-job-id="${job.id}"]`);
    await alice.post(`${JOBS}/${job.id}/actions/execute`);
    await waitApiStatus(job.id, 'Submitted');
    await table.action(job.id, 'Run');
    await table.notice(/only a Pending job can be executed; this job is Submitted/);
    await table.waitForStatus(job.id, 'Submitted');
    await table.shot('04-conflict-message');
    await page.close();

    // A connected page loses its API; another API instance changes the job meanwhile.
    const live = await JobsTablePage.open(browser, (await link()).url);
    await stack.api.stop();
    await live.page.waitForSelector('.jt-live.reconnecting', { timeout: 15_000 });
    const port = await freePort();
    const otherUrl = `http://127.0.0.1:${port}`;
    const other = ServiceProcess.start('api-2', 'apps/api/src/main.js', { ...stack.env, PORT: String(port) });
    try {
      await waitFor('the second API', async () => (await fetch(`${otherUrl}/health`)).ok, 30_000, 100);
      const { body } = await new ApiClient(otherUrl, alice.key, 'alice').get(`${JOBS}/${job.id}/status-callback-url`);
      const reported = await fetch(`${body.url.replace(stack.baseUrl, otherUrl)}&status=Running`);
      assert.equal(reported.status, 200);
    } finally {
      await other.stop();
    }
    stack.api = ServiceProcess.start('api', 'apps/api/src/main.js', stack.env);
    await live.waitForStatus(job.id, 'Running');
    await live.page.waitForSelector('.jt-live.live', { timeout: 15_000 });
    await live.close();
  });

  test('logs: a tree of files, content loaded when chosen, refresh', async () => {
    const job = await runningJob('with-logs');
    const logs = path.join(job.workspace, `job-${job.id}`, 'logs');
    await mkdir(path.join(logs, 'stage'), { recursive: true });
    await writeFile(path.join(logs, 'run.log'), 'starting <b>not bold</b>\n');
    await writeFile(path.join(logs, 'stage', 'mesh.out'), 'mesh: 10 cells\n');
    const table = await JobsTablePage.open(browser, (await link()).url);
    const requested: string[] = [];
    table.page.on('request', (r: Request) => requested.push(new URL(r.url()).pathname));
    await table.action(job.id, 'View Logs');
    const dialog = table.dialog();
    await dialog.locator('.jt-log-content', { hasText: 'starting <b>not bold</b>' }).waitFor();
    assert.equal(await dialog.locator('.jt-log-content b').count(), 0);
    assert.ok(!requested.some((p) => p.endsWith('/mesh.out')), 'content is fetched only when a file is chosen');
    await dialog.getByRole('button', { name: /mesh\.out/ }).click();
    await dialog.locator('.jt-log-content', { hasText: 'mesh: 10 cells' }).waitFor();
    await table.shot('05-logs');
    await appendFile(path.join(logs, 'stage', 'mesh.out'), 'mesh: done\n');
    await dialog.getByRole('button', { name: 'Refresh' }).click();
    await dialog.locator('.jt-log-content', { hasText: 'mesh: done' }).waitFor();
    await table.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await table.close();
  });

  test('expired, tampered and forged links are refused with a message, never data', async () => {
    const secret = await createJob('secret-job-name');
    const short = await link({ ttlSeconds: 8 }); // long enough to load the page on a busy machine
    const table = new JobsTablePage(await browser.newPage());
    await table.page.goto(short.url);
    await table.row(secret.id).waitFor();
    await table.page.locator('.jt-banner', { hasText: 'This link has expired' }).waitFor({ timeout: 20_000 });
    assert.ok(await table.row(secret.id).locator('.jt-menu-button').isDisabled(), 'actions are off once expired');
    await table.shot('06-expired-while-open');
    await table.page.reload();
    await table.page.getByRole('heading', { name: 'Link expired' }).waitFor();
    assert.ok(!(await table.page.content()).includes('secret-job-name'));
    await table.shot('07-expired-link');
    await table.close();

    const { url, token } = await link();
    const [v, payload, sig] = token.split('.');
    const flipped = `${v}.${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${v}.${Buffer.from(JSON.stringify({ ...claims, all: true })).toString('base64url')}.${sig}`;
    for (const bad of [flipped, forged]) {
      const res = await fetch(url.replace(token, bad));
      assert.equal(res.status, 403);
      const html = await res.text();
      assert.match(html, /Link not valid/);
      assert.ok(!html.includes('secret-job-name'));
      const api = await fetch(`${stack.baseUrl}${JOBS}`, { headers: { Authorization: `View ${bad}` } });
      assert.equal(api.status, 403);
    }
    const page = await browser.newPage();
    await page.goto(url.replace(token, flipped));
    await page.getByRole('heading', { name: 'Link not valid' }).waitFor();
    await screenshot(page, 'jobs-table', '08-tampered-link');
    await page.close();

    // A view link reads jobs and runs their actions; nothing else.
    const view = { Authorization: `View ${token}`, 'Content-Type': 'application/json' };
    const patch = await fetch(`${stack.baseUrl}${JOBS}/${secret.id}`, { method: 'PATCH', headers: view, body: '{"status":"Complete"}' });
    assert.equal(patch.status, 403);
    const create = await fetch(`${stack.baseUrl}${JOBS}`, { method: 'POST', headers: view, body: '{"name":"x","jobType":"BASIC"}' });
    assert.equal(create.status, 403);
    assert.equal((await fetch(`${stack.baseUrl}${JOBS}/${secret.id}/status-callback-url`, { headers: view })).status, 403);
    assert.equal((await fetch(`${stack.baseUrl}${APP}/view-links`, { method: 'POST', headers: view, body: '{"user":"x"}' })).status, 403);
    assert.equal((await fetch(`${stack.baseUrl}/api/v1/apps/other/jobs`, { headers: view })).status, 403);
    const state = await fetch(`${stack.baseUrl}${JOBS}/${secret.id}/actions/execute`, { headers: view });
    assert.equal(state.status, 404, 'state changes are POST or DELETE only');
  });

  test('minting checks who may grant what and validates the table settings', async () => {
    const docs = (await (await fetch(`${stack.baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    assert.ok(docs.paths['/api/v1/apps/{app}/view-links'], 'minting is in the OpenAPI document');
    assert.equal((await alice.post(`${APP}/view-links`, { all: true })).status, 403, 'all needs the jobs_table_actions scope');
    const admin = await stack.client('lab', null, [], ['jobs_table_actions']);
    assert.equal((await admin.post(`${APP}/view-links`, { all: true })).status, 201);
    assert.equal((await alice.post(`${APP}/view-links`, {})).status, 400, 'user is required');
    const bad = await alice.post(`${APP}/view-links`, { user: 'alice', table: { actions: [{ label: 'x', url: 'javascript:alert(1)' }] } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /table\.actions\[0\]\.url/);
    assert.equal((await alice.post(`${APP}/view-links`, { user: 'alice', table: { columns: ['password'] } })).status, 400);
    assert.equal((await alice.post(`${APP}/view-links`, { user: 'alice', ttlSeconds: 86_401 })).status, 400);
    const other = await stack.client('elsewhere', 'alice');
    assert.equal((await other.post(`${APP}/view-links`, { user: 'alice' })).status, 403);
  });

  test('configured columns, action set and custom actions', async () => {
    const erin = await stack.client('lab', 'erin');
    const job = await createJob('configured', { extendedProperties: { model: { depth: 12.5 } } }, erin);
    const { url } = await link({
      table: {
        title: 'Flood runs',
        columns: [['Depth (m)', 'extended_properties.model.depth'], 'name', 'runTime'],
        actions: ['run', '|', { label: 'Open in portal', url: 'https://portal.example.org/jobs/{id}?app={app}', statuses: ['terminal'] },
          { label: 'Inspect', url: 'https://portal.example.org/inspect/{id}', target: '_top' }, '|', 'delete'],
      },
    }, erin);
    const table = await JobsTablePage.open(browser, url);
    await table.page.getByRole('heading', { name: 'Flood runs' }).waitFor();
    const heads = await table.page.locator('thead th').evaluateAll((ths) => ths.map((th) => th.textContent!.trim()));
    assert.deepEqual(heads, ['Details', 'Depth (m)', 'Name', 'Run Time', 'Status', 'Actions']);
    assert.equal(await table.row(job.id).locator('td[data-label="Depth (m)"]').textContent(), '12.5');
    assert.deepEqual(await table.menuLabels(job.id), ['Run', 'Open in portal (disabled)', 'Inspect', 'Delete']);
    const menu = await table.openMenu(job.id);
    const inspect = menu.getByRole('menuitem', { name: 'Inspect' });
    assert.equal(await inspect.getAttribute('href'), `https://portal.example.org/inspect/${job.id}`);
    assert.equal(await inspect.getAttribute('target'), '_top');
    await table.page.keyboard.press('Escape');
    await table.close();
  });

  test('pagination, filters and sorting happen on the server', async () => {
    const frank = await stack.client('lab', 'frank');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createJob(`page-${i}`, {}, frank)).id);
    await frank.post(`${JOBS}/${ids[2]}/actions/execute`);
    await waitFor('Submitted', async () => (await frank.get(`${JOBS}/${ids[2]}`)).body.status === 'Submitted');
    const table = await JobsTablePage.open(browser, (await link({ table: { pageSize: 3 } }, frank)).url);
    assert.deepEqual(await table.ids(), [ids[6], ids[5], ids[4]]);
    const next = table.page.getByRole('button', { name: 'Next ›' });
    await next.click();
    await table.page.waitForFunction((id) => document.querySelector(`tr.jt-row[data-job-id="${id}"]`), ids[3]);
    assert.deepEqual(await table.ids(), [ids[3], ids[2], ids[1]]);
    await next.click();
    await table.page.waitForFunction((id) => document.querySelector(`tr.jt-row[data-job-id="${id}"]`), ids[0]);
    assert.ok(await next.isDisabled());
    await table.page.locator('th[aria-sort] .jt-sort', { hasText: 'Creation Time' }).click();
    await waitFor('oldest first', async () => (await table.ids()).join() === ids.slice(0, 3).join());
    assert.equal(await table.page.locator('th[aria-sort="ascending"]').count(), 1);
    assert.match(table.page.url(), /orderBy=creationTime/);
    assert.equal(await table.page.getByLabel('Sort', { exact: true }).inputValue(), 'creationTime', 'the sort control follows the header');
    await table.page.locator('.jt-dropdown summary').click();
    await table.page.getByRole('checkbox', { name: 'Submitted' }).check();
    await table.page.waitForFunction(() => document.querySelectorAll('tr.jt-row').length === 1);
    assert.deepEqual(await table.ids(), [ids[2]]);
    await table.shot('09-filtered');
    await table.close();
  });

  test('workflows: node progress bar and graph from the nodes endpoint, updated live', async () => {
    const id = await insertJob('diamond', 'CONDORWORKFLOW', 'VAR');
    const plain = await insertJob('no-nodes', 'CONDORWORKFLOW', 'VAR');
    const node = (name: string, status: string, parents: string[], children: string[]) => ({ name, status, parents, children, clusterId: null });
    let nodes = [
      node('A', 'Complete', [], ['B', 'C']), node('B', 'Running', ['A'], ['D']),
      node('C', 'Complete', ['A'], ['D']), node('D', 'Pending', ['B', 'C'], []),
    ];
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Node states the test sets (GET .../jobs/{id}/nodes itself runs real DAGs in the condor-workflow tests).
    await page.route(`**${JOBS}/${id}/nodes`, (route) => route.fulfill({ json: { nodes } }));
    await page.goto((await link()).url);
    const table = new JobsTablePage(page);
    await table.ready();
    const segments = () => table.row(id).locator('.jt-progress-seg').evaluateAll((segs) =>
      segs.map((s) => `${(s as HTMLElement).dataset.state}:${(s as HTMLElement).dataset.count}:${(s as HTMLElement).style.width}`));
    await waitFor('the progress bar', async () => (await segments()).length === 2);
    assert.deepEqual(await segments(), ['completed:2:50%', 'running:1:25%']);
    assert.equal(await table.row(plain).locator('.jt-progress').count(), 0, 'no nodes: plain status');

    await table.row(id).locator('.jt-toggle').click();
    const graph = page.locator('.jt-dag');
    await graph.waitFor();
    const box = async (name: string) => graph.locator(`[data-node="${name}"]`).evaluate((g) => {
      const m = /translate\(([\d.]+),([\d.]+)\)/.exec(g.getAttribute('transform')!)!;
      return { x: Number(m[1]), y: Number(m[2]), state: g.getAttribute('data-state') };
    });
    const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map(box));
    assert.ok(a.x < b.x && b.x === c.x && c.x < d.x, 'left to right by dependency');
    assert.notEqual(b.y, c.y);
    assert.deepEqual([a.state, b.state, c.state, d.state], ['completed', 'running', 'completed', 'waiting']);
    assert.equal(await graph.locator('.jt-dag-edge').count(), 4);
    await table.shot('10-workflow-graph');

    nodes = [node('A', 'COM', [], ['B', 'C']), node('B', 'COM', ['A'], ['D']), node('C', 'COM', ['A'], ['D']), node('D', 'RUN', ['B', 'C'], [])];
    await alice.patch(`${JOBS}/${id}`, { statusMessage: 'node B done' }); // any event about the job refreshes its nodes
    await waitFor('the updated bar', async () => (await segments()).join() === 'completed:3:75%,running:1:25%');
    await waitFor('the updated graph', async () => (await box('D')).state === 'running');
    await table.row(plain).locator('.jt-toggle').click();
    await page.getByText('This workflow has no nodes yet.').waitFor();
    await table.close();
  });

  test("a Dask job links to its scheduler's dashboard", async () => {
    const [scheduler] = await stack.ds.query(
      `INSERT INTO schedulers (name, kind, host, settings) VALUES ('dask-ui', 'dask', '127.0.0.1', $1) RETURNING id`,
      [{ dashboard: 'http://127.0.0.1:8787/status' }],
    );
    const id = await insertJob('dask-run', 'DASK', 'RUN', String(scheduler.id));
    const table = await JobsTablePage.open(browser, (await link()).url);
    await table.row(id).locator('.jt-toggle').click();
    const dashboard = table.page.getByRole('link', { name: 'Open the Dask dashboard' });
    await dashboard.waitFor();
    assert.equal(await dashboard.getAttribute('href'), 'http://127.0.0.1:8787/status');
    await table.close();
  });

  test('keyboard only, on a narrow screen', async () => {
    const job = await createJob('keyboard');
    const table = await JobsTablePage.open(browser, (await link()).url, { width: 390, height: 844 });
    const overflow = await table.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await table.shot('11-narrow');
    const button = table.row(job.id).locator('.jt-menu-button');
    await button.focus();
    await table.page.keyboard.press('Enter');
    const focused = () => table.page.evaluate(() => document.activeElement?.textContent);
    assert.equal(await focused(), 'Run');
    await table.page.keyboard.press('End');
    assert.equal(await focused(), 'Delete');
    await table.page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await table.page.evaluate(() => document.activeElement?.classList.contains('jt-menu-button')), true);
    await table.page.keyboard.press('ArrowUp');
    assert.equal(await focused(), 'Delete');
    await table.page.keyboard.press('Enter');
    await table.page.locator('dialog[open][role="alertdialog"]').waitFor();
    assert.equal(await focused(), 'Cancel', 'a destructive confirmation starts on Cancel');
    await table.page.keyboard.press('Escape');
    await table.page.locator('dialog[open]').waitFor({ state: 'detached' });
    assert.ok(await table.row(job.id).isVisible());
    await table.close();
  });
});
