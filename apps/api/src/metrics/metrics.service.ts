import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { QUEUE_NAMES } from '../../../../libs/contracts/src/index.js';
import { QueueGateway } from '../../../../libs/queue/src/index.js';

const CACHE_MS = 15_000;

/** Prometheus metrics: HTTP traffic, queue depth, jobs by status, action latency. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly requests: Counter<string>;
  readonly duration: Histogram<string>;
  private cachedAt = 0;

  constructor(private readonly ds: DataSource, private readonly queues: QueueGateway) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
    });
    const queueDepth = new Gauge({
      name: 'queue_jobs', help: 'Queue entries by state', labelNames: ['queue', 'state'], registers: [this.registry],
      collect: () => refreshOnce(),
    });
    const jobs = new Gauge({
      name: 'jobs_by_status', help: 'Jobs by app and status', labelNames: ['app', 'status'], registers: [this.registry],
      collect: () => refreshOnce(),
    });
    const latency = new Gauge({
      name: 'job_action_latency_seconds', help: 'Request-to-done latency of actions over the last 5 minutes',
      labelNames: ['action', 'quantile'], registers: [this.registry], collect: () => refreshOnce(),
    });
    // The three gauges come from the same queries, run at most once per CACHE_MS.
    let refreshing: Promise<void> = Promise.resolve();
    const refreshOnce = () => {
      if (Date.now() - this.cachedAt >= CACHE_MS) {
        this.cachedAt = Date.now();
        refreshing = refresh().catch(() => undefined);
      }
      return refreshing;
    };
    const refresh = async () => {
      const counts = await this.queues.counts(QUEUE_NAMES).catch(() => ({}));
      queueDepth.reset();
      for (const [queue, states] of Object.entries(counts)) {
        for (const [state, n] of Object.entries(states)) queueDepth.set({ queue, state }, n);
      }
      jobs.reset();
      const rows: { label: string; status: string; n: string }[] = await this.ds.query(
        `SELECT label, status, count(*) AS n FROM jobs WHERE deleted_at IS NULL GROUP BY label, status`,
      );
      for (const r of rows) jobs.set({ app: r.label, status: r.status }, Number(r.n));
      latency.reset();
      const lat: { action: string; p50: number; p99: number }[] = await this.ds.query(
        `SELECT action,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - available_at)) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - available_at)) AS p99
         FROM outbox WHERE state = 'done' AND done_at > now() - interval '5 minutes' GROUP BY action`,
      );
      for (const r of lat) {
        latency.set({ action: r.action, quantile: '0.5' }, Number(r.p50));
        latency.set({ action: r.action, quantile: '0.99' }, Number(r.p99));
      }
    };
  }
}
