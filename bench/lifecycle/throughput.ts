import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { ApiClient } from '../../test/support/http.js';
import { Stack } from '../../test/support/stack.js';
import { waitFor } from '../../test/support/wait.js';
import { BenchClient } from '../support/bench-client.js';
import { pool } from '../support/stats.js';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Raw BullMQ: N individual adds (same client concurrency) processed by a no-op worker (same concurrency). */
export async function rawBullmqRate(n: number, concurrency: number): Promise<number> {
  const prefix = `cjabench-${randomBytes(4).toString('hex')}`;
  const producer = new Redis(REDIS, { maxRetriesPerRequest: 1 });
  const consumer = new Redis(REDIS, { maxRetriesPerRequest: null });
  const queue = new Queue('raw', { connection: producer, prefix });
  let processed = 0;
  const worker = new Worker('raw', async () => void processed++, { connection: consumer, prefix, concurrency: 8 });
  await worker.waitUntilReady();
  const started = performance.now();
  await pool(n, concurrency, async (i) => {
    await queue.add('noop', { jobId: String(i) }, { jobId: `raw-${i}`, removeOnComplete: { age: 3600, count: 1000 } });
  });
  await waitFor('raw jobs processed', () => processed >= n, 120_000, 5);
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  producer.disconnect();
  consumer.disconnect();
  return n / seconds;
}

/** The product: N BASIC jobs created with execute:true over HTTP, until the worker marked all Submitted. */
export async function apiLifecycleRate(stack: Stack, client: ApiClient, n: number, concurrency: number): Promise<number> {
  const poster = new BenchClient(stack.baseUrl, client.headers());
  const started = performance.now();
  await pool(n, concurrency, async (i) => {
    const res = await poster.post('/api/v1/apps/bench/jobs', { name: `b-${i}`, jobType: 'BASIC', execute: true });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.body}`);
  });
  poster.close();
  await waitFor('all jobs Submitted', async () => {
    const [{ n: done }] = await stack.ds.query(`SELECT count(*) AS n FROM jobs WHERE label = 'bench' AND status = 'SUB'`);
    return Number(done) >= n;
  }, 300_000, 20);
  return n / ((performance.now() - started) / 1000);
}
