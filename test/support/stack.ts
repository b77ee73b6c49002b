import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  ApiKeyScope, ApiKeysRepository, createDataSource, runMigrations,
} from '../../libs/persistence/src/index.js';
import { ApiClient } from './http.js';
import { freePort, ServiceProcess } from './processes.js';
import { waitFor } from './wait.js';

const PG = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface StackOptions {
  /** Worker job types, e.g. ['basic']; empty for an API only. */
  jobTypes?: string[];
  env?: Record<string, string>;
}

/**
 * One isolated deployment for a test file: its own database, queue prefix,
 * workspace root, API process and worker process, on the shared PostgreSQL
 * and Redis. `close()` removes all of it.
 */
export class Stack {
  api!: ServiceProcess;
  worker: ServiceProcess | null = null;
  /** The worker's /health and /metrics port. */
  workerHealthPort = 0;
  baseUrl = '';
  ds!: DataSource;
  adminKey = '';
  readonly env: Record<string, string>;
  private readonly dbName = `cja_test_${randomBytes(5).toString('hex')}`;
  readonly prefix = `cjatest-${randomBytes(4).toString('hex')}`;
  readonly workspaces = mkdtempSync(path.join(os.tmpdir(), 'cja-ws-'));

  private constructor(private readonly opts: StackOptions) {
    this.env = {
      DATABASE_URL: `${PG}/${this.dbName}`,
      REDIS_URL: REDIS,
      QUEUE_PREFIX: this.prefix,
      WORKSPACES_ROOT: this.workspaces,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      CALLBACK_SECRET: randomBytes(32).toString('base64'),
      OUTBOX_RELAY_INTERVAL_MS: '200',
      OUTBOX_REDELIVER_AFTER_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '3000',
      SCHEDULER_POLL_INTERVAL_MS: '1000',
      ACTION_LOCK_MS: '2000',
      LOG_LEVEL: 'info',
      ...opts.env,
    };
  }

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const stack = new Stack(opts);
    await runMigrations(stack.env.DATABASE_URL);
    stack.ds = await createDataSource(stack.env.DATABASE_URL, 'compute-jobs-test').initialize();
    stack.adminKey = (await new ApiKeysRepository(stack.ds).create({ name: 'admin', label: null, admin: true, scopes: [] })).key;
    const port = await freePort();
    stack.env.PORT = String(port);
    stack.baseUrl = `http://127.0.0.1:${port}`;
    stack.env.PUBLIC_URL = stack.baseUrl;
    stack.api = ServiceProcess.start('api', 'apps/api/src/main.js', stack.env);
    await waitFor('the API to be healthy', async () => {
      if (!stack.api.alive) throw new Error(`API exited:\n${stack.api.tail()}`);
      return (await fetch(`${stack.baseUrl}/health`)).ok;
    }, 120_000, 100);
    if (opts.jobTypes?.length) await stack.startWorker();
    return stack;
  }

  /** Starts the worker (again) and waits until it is consuming. */
  async startWorker(extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const healthPort = await freePort();
    this.workerHealthPort = healthPort;
    const worker = ServiceProcess.start('worker', 'apps/worker/src/main.js', {
      ...this.env, JOB_TYPES: (this.opts.jobTypes ?? ['basic']).join(','), HEALTH_PORT: String(healthPort), ...extraEnv,
    });
    this.worker = worker;
    await waitFor('the worker to start consuming', async () => {
      if (!worker.alive) throw new Error(`worker exited:\n${worker.tail()}`);
      return (await fetch(`http://127.0.0.1:${healthPort}/health`)).ok;
    }, 120_000, 50);
    return worker;
  }

  async appKey(app: string, scopes: ApiKeyScope[] = []): Promise<string> {
    return (await new ApiKeysRepository(this.ds).create({ name: `test ${app}`, label: app, admin: false, scopes })).key;
  }

  /** A client for `app` acting as `user` with a fresh app key. */
  async client(app: string, user: string | null, groups: string[] = [], scopes: ApiKeyScope[] = []): Promise<ApiClient> {
    return new ApiClient(this.baseUrl, await this.appKey(app, scopes), user, groups);
  }

  /** Deletes this stack's queue keys, as if Redis had lost everything (other users of Redis are untouched). */
  async flushQueues(): Promise<number> {
    const redis = new Redis(REDIS);
    try {
      let deleted = 0;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) deleted += await redis.del(...keys);
      } while (cursor !== '0');
      return deleted;
    } finally {
      redis.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.worker?.stop();
    await this.api?.stop();
    await this.ds?.destroy().catch(() => undefined);
    await this.flushQueues().catch(() => undefined);
    const admin = await new DataSource({ type: 'postgres', url: `${PG}/postgres` }).initialize();
    await admin.query(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.destroy();
    rmSync(this.workspaces, { recursive: true, force: true });
  }
}
