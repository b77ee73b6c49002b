import path from 'node:path';
import { JobType } from '../../domain/src/index.js';
import { jobTypeFromWorkerName } from '../../contracts/src/index.js';
import { ConfigError, int, key32, str, url } from './env.js';

export class CommonConfig {
  databaseUrl: string;
  redisUrl: string;
  /** BullMQ key prefix, so several deployments (or test runs) share one Redis. */
  queuePrefix: string;
  workspacesRoot: string;
  logLevel: string;
  /** AES-256-GCM key for scheduler secrets at rest. */
  secretsKey: Buffer;
}

/** Typed configuration of the API, validated at boot (a class so Nest can inject it). */
export class ApiConfig extends CommonConfig {
  host: string;
  port: number;
  publicUrl: string;
  /** HMAC key for status callback URLs and view links. */
  callbackSecret: Buffer;
}

/** Typed configuration of a worker, validated at boot. */
export class WorkerConfig extends CommonConfig {
  jobTypes: JobType[];
  /** Port of the health/metrics endpoint; 0 disables it. */
  healthPort: number;
  host: string;
  relayIntervalMs: number;
  /** An outbox row not done after this long is enqueued again. */
  redeliverAfterMs: number;
  shutdownTimeoutMs: number;
  pollIntervalMs: number;
  /** BullMQ lock of an action being handled; a crashed worker's actions are redelivered after about twice this. */
  actionLockMs: number;
  /** Actions one worker process handles at once, per job type. */
  concurrency: number;
  /** How often HTCondor job event logs are read for pushed status changes; 0 leaves tracking to the poll. */
  eventLogIntervalMs: number;
}

type Env = Record<string, string | undefined>;

export function loadDatabaseUrl(env: Env = process.env): string {
  return url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/compute_jobs', ['postgres:', 'postgresql:']);
}

export function loadCommonConfig(env: Env = process.env): CommonConfig {
  return Object.assign(new CommonConfig(), {
    databaseUrl: loadDatabaseUrl(env),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: str(env, 'QUEUE_PREFIX', 'cja'),
    workspacesRoot: path.resolve(str(env, 'WORKSPACES_ROOT', 'var/workspaces')),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    secretsKey: key32(env, 'SECRETS_KEY'),
  });
}

export function loadApiConfig(env: Env = process.env): ApiConfig {
  const common = loadCommonConfig(env);
  const host = str(env, 'HOST', '127.0.0.1');
  const port = int(env, 'PORT', 3000, 0, 65535);
  return Object.assign(new ApiConfig(), {
    ...common,
    host,
    port,
    publicUrl: url(env, 'PUBLIC_URL', `http://${host}:${port}`, ['http:', 'https:']).replace(/\/$/, ''),
    callbackSecret: key32(env, 'CALLBACK_SECRET'),
  });
}

export function parseJobTypes(raw: string): JobType[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new ConfigError('JOB_TYPES', 'must list at least one job type, e.g. "basic,condor"');
  const types = names.map((name) => {
    const type = jobTypeFromWorkerName(name);
    if (!type) throw new ConfigError('JOB_TYPES', `names an unknown job type "${name}"`);
    return type;
  });
  return [...new Set(types)];
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  return Object.assign(new WorkerConfig(), {
    ...loadCommonConfig(env),
    jobTypes: parseJobTypes(str(env, 'JOB_TYPES')),
    host: str(env, 'HOST', '127.0.0.1'),
    healthPort: int(env, 'HEALTH_PORT', 0, 0, 65535),
    relayIntervalMs: int(env, 'OUTBOX_RELAY_INTERVAL_MS', 2000, 50),
    redeliverAfterMs: int(env, 'OUTBOX_REDELIVER_AFTER_MS', 10000, 100),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 100),
    pollIntervalMs: int(env, 'SCHEDULER_POLL_INTERVAL_MS', 30000, 100),
    actionLockMs: int(env, 'ACTION_LOCK_MS', 30000, 1000),
    concurrency: int(env, 'WORKER_CONCURRENCY', 64, 1, 1000),
    eventLogIntervalMs: int(env, 'CONDOR_EVENT_LOG_INTERVAL_MS', 250),
  });
}
