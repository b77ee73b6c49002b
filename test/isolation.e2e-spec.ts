import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient } from './support/http.js';
import { Stack } from './support/stack.js';

/**
 * Who sees what: owners see their jobs, group members see jobs shared with
 * their groups, keys with jobs_table_actions see all jobs of their app, and
 * nobody sees another app's jobs. Anything not visible is a 404.
 */
describe('isolation between apps, users and groups', () => {
  let stack: Stack;
  let ids: Record<string, string>;
  const clients: Record<string, ApiClient> = {};

  before(async () => {
    stack = await Stack.start();
    const hydroKey = await stack.appKey('hydro');
    const otherKey = await stack.appKey('other');
    const tableKey = await stack.appKey('hydro', ['jobs_table_actions']);
    const c = (key: string, user: string | null, groups: string[] = []) => new ApiClient(stack.baseUrl, key, user, groups);
    Object.assign(clients, {
      alice: c(hydroKey, 'alice'),
      bob: c(hydroKey, 'bob'),
      bobInTeam: c(hydroKey, 'bob', ['team']),
      carolInLab: c(hydroKey, 'carol', ['lab']),
      table: c(tableKey, null),
      otherApp: c(otherKey, 'alice', ['team']),
      admin: c(stack.adminKey, null),
    });
    const create = async (client: ApiClient, name: string, groups: string[] = []) =>
      (await client.post('/api/v1/apps/hydro/jobs', { name, jobType: 'BASIC', groups })).body.id as string;
    ids = {
      alicePrivate: await create(clients.alice, 'alice-private'),
      aliceTeam: await create(clients.alice, 'alice-team', ['team']),
      bobPrivate: await create(clients.bob, 'bob-private'),
      bobLab: await create(clients.bob, 'bob-lab', ['lab', 'team']),
    };
    await clients.otherApp.post('/api/v1/apps/other/jobs', { name: 'other-app-job', jobType: 'BASIC' });
  });
  after(() => stack?.close());

  const visibleTo: Record<string, string[]> = {
    alice: ['alicePrivate', 'aliceTeam'],
    bob: ['bobPrivate', 'bobLab'],
    bobInTeam: ['aliceTeam', 'bobPrivate', 'bobLab'],
    carolInLab: ['bobLab'],
    table: ['alicePrivate', 'aliceTeam', 'bobPrivate', 'bobLab'],
    admin: ['alicePrivate', 'aliceTeam', 'bobPrivate', 'bobLab'],
  };

  for (const [who, expected] of Object.entries(visibleTo)) {
    test(`${who}: list and get show exactly the visible jobs`, async () => {
      const client = clients[who];
      const list = await client.get('/api/v1/apps/hydro/jobs?orderBy=id&limit=100');
      assert.equal(list.status, 200);
      const listed = list.body.items.map((j: { id: string }) => j.id);
      assert.deepEqual(listed, expected.map((k) => ids[k]));
      for (const [name, id] of Object.entries(ids)) {
        const res = await client.get(`/api/v1/apps/hydro/jobs/${id}`);
        assert.equal(res.status, expected.includes(name) ? 200 : 404, `${who} GET ${name}`);
        const logs = await client.get(`/api/v1/apps/hydro/jobs/${id}/logs`);
        assert.equal(logs.status, expected.includes(name) ? 200 : 404, `${who} logs of ${name}`);
      }
    });
  }

  test('filters by user and group never widen visibility', async () => {
    const aliceAsksBob = await clients.alice.get('/api/v1/apps/hydro/jobs?user=bob');
    assert.deepEqual(aliceAsksBob.body.items, []);
    const bobTeamAsksAlice = await clients.bobInTeam.get('/api/v1/apps/hydro/jobs?user=alice');
    assert.deepEqual(bobTeamAsksAlice.body.items.map((j: { id: string }) => j.id), [ids.aliceTeam]);
    const carolAsksTeam = await clients.carolInLab.get('/api/v1/apps/hydro/jobs?groups=team');
    assert.deepEqual(carolAsksTeam.body.items, []);
    const tableByGroup = await clients.table.get('/api/v1/apps/hydro/jobs?groups=team&orderBy=id');
    assert.deepEqual(tableByGroup.body.items.map((j: { id: string }) => j.id), [ids.aliceTeam, ids.bobLab]);
    const lab = await clients.carolInLab.get('/api/v1/apps/hydro/jobs?groups=lab,team');
    assert.deepEqual(lab.body.items.map((j: { id: string }) => j.id), [ids.bobLab], 'a job in two groups is listed once');
  });

  test('another app key sees nothing of this app', async () => {
    const res = await clients.otherApp.get('/api/v1/apps/hydro/jobs');
    assert.equal(res.status, 403);
    assert.match(res.body.message, /belongs to app "other"/);
    const own = await clients.otherApp.get('/api/v1/apps/other/jobs');
    assert.deepEqual(own.body.items.map((j: { name: string }) => j.name), ['other-app-job']);
  });

  test('group members may see but not change; owners and jobs_table_actions may', async () => {
    const shared = await clients.bobInTeam.post(`/api/v1/apps/hydro/jobs/${ids.aliceTeam}/actions/execute`);
    assert.equal(shared.status, 403);
    const patch = await clients.bobInTeam.patch(`/api/v1/apps/hydro/jobs/${ids.aliceTeam}`, { description: 'mine now' });
    assert.equal(patch.status, 403);
    const hidden = await clients.carolInLab.delete(`/api/v1/apps/hydro/jobs/${ids.alicePrivate}`);
    assert.equal(hidden.status, 404);
    const byTable = await clients.table.patch(`/api/v1/apps/hydro/jobs/${ids.bobPrivate}`, { description: 'reviewed' });
    assert.equal(byTable.status, 200);
    assert.equal(byTable.body.description, 'reviewed');
  });

  test('SSE streams only visible events', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${stack.baseUrl}/api/v1/apps/hydro/events?lastEventId=0`, {
      headers: clients.carolInLab.headers(), signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes(`"jobId":"${ids.bobLab}"`) && Date.now() < deadline) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    ctrl.abort();
    const jobIds = [...text.matchAll(/"jobId":"(\d+)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(jobIds)], [ids.bobLab]);
  });
});
