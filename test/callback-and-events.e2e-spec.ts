import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient } from './support/http.js';
import { SseStream } from './support/sse.js';
import { Stack } from './support/stack.js';
import { waitFor } from './support/wait.js';

const JOBS = '/api/v1/apps/lab/jobs';

describe('status callback URL and the event stream', () => {
  let stack: Stack;
  let alice: ApiClient;

  before(async () => {
    stack = await Stack.start({ jobTypes: ['basic'] });
    alice = await stack.client('lab', 'alice');
  });
  after(() => stack?.close());

  const newSubmittedJob = async () => {
    const { body: job } = await alice.post(JOBS, { name: 'cb-{id}', jobType: 'BASIC', execute: true });
    await waitFor('Submitted', async () => (await alice.get(`${JOBS}/${job.id}`)).body.statusCode === 'SUB');
    const { body } = await alice.get(`${JOBS}/${job.id}/status-callback-url`);
    return { id: job.id as string, url: body.url as string };
  };

  test('the signed URL reports a status with GET or POST; bad tokens get 403; finished jobs 409', async () => {
    const { id, url } = await newSubmittedJob();
    const unsigned = await fetch(url.replace(/\?token=.*/, ''));
    assert.equal(unsigned.status, 403);
    const otherJob = await fetch(url.replace(`/update-job-status/${id}/`, `/update-job-status/${Number(id) + 1}/`));
    assert.equal(otherJob.status, 403, 'a token is bound to one job');
    const tampered = await fetch(url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A'));
    assert.equal(tampered.status, 403);

    const running = await fetch(`${url}&status=Running`);
    assert.equal(running.status, 200);
    assert.deepEqual(await running.json(), { success: true });
    assert.equal((await alice.get(`${JOBS}/${id}`)).body.statusCode, 'RUN');

    const complete = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'Complete' }) });
    assert.equal(complete.status, 200);
    const job = (await alice.get(`${JOBS}/${id}`)).body;
    assert.equal(job.statusCode, 'COM');
    assert.ok(job.completionTime);

    const late = await fetch(`${url}&status=Running`);
    assert.equal(late.status, 409, 'a late report never revives a finished job');
    assert.equal((await alice.get(`${JOBS}/${id}`)).body.statusCode, 'COM');
    assert.equal((await fetch(`${url}&delay=5`)).status, 409);
  });

  test('delay is validated and refreshes are durable outbox rows', async () => {
    const { id, url } = await newSubmittedJob();
    assert.equal((await fetch(`${url}&delay=-1`)).status, 400);
    assert.equal((await fetch(`${url}&delay=1.5`)).status, 400);
    const scheduled = await fetch(`${url}&delay=1`);
    assert.deepEqual(await scheduled.json(), { success: true });
    const [row] = await stack.ds.query(
      `SELECT action, available_at > created_at + interval '900 milliseconds' AS delayed FROM outbox WHERE job_id = $1 AND action = 'refresh'`,
      [id],
    );
    assert.deepEqual(row, { action: 'refresh', delayed: true });
    await waitFor('the delayed refresh to run', async () => {
      const [r] = await stack.ds.query(`SELECT state FROM outbox WHERE job_id = $1 AND action = 'refresh'`, [id]);
      return r.state === 'done';
    });
    assert.equal((await fetch(`${stack.baseUrl}/update-job-status/999999/?token=x`)).status, 403);
  });

  test('the API listens for notifications only while an event stream is open', async () => {
    const listeners = async () => {
      const [{ n }] = await stack.ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'compute-jobs-events'`,
      );
      return n as number;
    };
    assert.equal(await listeners(), 0, 'no stream open: job writes notify nobody');
    await alice.post(JOBS, { name: 'quiet', jobType: 'BASIC', execute: true });
    const stream = await SseStream.open(`${stack.baseUrl}/api/v1/apps/lab/events`, alice.headers());
    await waitFor('the LISTEN connection', async () => (await listeners()) === 1);
    const { body: job } = await alice.post(JOBS, { name: 'heard', jobType: 'BASIC' });
    await waitFor('the created event', () => stream.events.some((e) => e.data.jobId === job.id));
    await stream.close();
  });

  test('SSE delivers changes live and resumes from Last-Event-ID without missing any', async () => {
    const events = `${stack.baseUrl}/api/v1/apps/lab/events`;
    const first = await SseStream.open(events, alice.headers());
    const { body: job } = await alice.post(JOBS, { name: 'sse', jobType: 'BASIC', execute: true });
    await waitFor('created and Submitted events', () =>
      first.events.some((e) => e.data.jobId === job.id && e.data.to === 'SUB'),
    );
    const resumeFrom = first.lastId!;
    await first.close();

    await alice.patch(`${JOBS}/${job.id}`, { status: 'Running' });
    await alice.patch(`${JOBS}/${job.id}`, { status: 'Meshing' });
    const second = await SseStream.open(events, { ...alice.headers(), 'Last-Event-ID': resumeFrom });
    await waitFor('the missed events', () => second.events.filter((e) => e.data.jobId === job.id).length >= 2);
    const missed = second.events.filter((e) => e.data.jobId === job.id).map((e) => e.data.status);
    assert.deepEqual(missed.slice(0, 2), ['Running', 'Meshing']);
    assert.ok(second.events.every((e) => BigInt(e.id) > BigInt(resumeFrom)), 'nothing replayed twice');

    await alice.patch(`${JOBS}/${job.id}`, { status: 'Error', statusMessage: 'mesh failed' });
    await waitFor('the live Error event', () => second.events.some((e) => e.data.jobId === job.id && e.data.to === 'ERR'));
    const err = second.events.find((e) => e.data.to === 'ERR')!;
    assert.equal(err.event, 'job');
    assert.equal(err.data.message, 'mesh failed');
    await second.close();

    const bad = await fetch(events, { headers: { ...alice.headers(), 'Last-Event-ID': 'abc' } });
    assert.equal(bad.status, 400);
  });
});
