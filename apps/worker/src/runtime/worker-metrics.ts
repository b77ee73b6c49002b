import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one worker process. */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly actions: Counter<string>;
  private readonly duration: Histogram<string>;
  private readonly polls: Counter<string>;
  private readonly pollDuration: Histogram<string>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.actions = new Counter({
      name: 'worker_actions_total', help: 'Actions handled', labelNames: ['job_type', 'action', 'outcome'], registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'worker_action_duration_seconds', help: 'Time spent handling an action', labelNames: ['job_type', 'action'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60], registers: [this.registry],
    });
    this.polls = new Counter({
      name: 'worker_scheduler_polls_total', help: 'Scheduler status polls', labelNames: ['job_type', 'outcome'], registers: [this.registry],
    });
    this.pollDuration = new Histogram({
      name: 'worker_scheduler_poll_duration_seconds', help: 'Time of one batched status poll of a scheduler', labelNames: ['job_type'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60], registers: [this.registry],
    });
  }

  actionStarted(jobType: string, action: string): (outcome: 'ok' | 'error') => void {
    const end = this.duration.startTimer({ job_type: jobType, action });
    return (outcome) => {
      end();
      this.actions.inc({ job_type: jobType, action, outcome });
    };
  }

  pollStarted(jobType: string): (outcome: 'ok' | 'error') => void {
    const end = this.pollDuration.startTimer({ job_type: jobType });
    return (outcome) => {
      end();
      this.polls.inc({ job_type: jobType, outcome });
    };
  }
}
