// Status rules come from the server (/view), computed from the same domain
// rules it enforces: the page never has its own copy of them.

const INDICATOR = {
  PEN: 'pending', SUB: 'submitted', RUN: 'running', VAR: 'running', PAS: 'paused', COM: 'complete',
  ERR: 'error', ABT: 'aborted', VCP: 'complete', RES: 'complete', OTH: 'other',
};

export class StatusBook {
  constructor(rules) {
    this.byCode = new Map();
    this.custom = new Map();
    for (const rule of rules) {
      if (rule.code === 'OTH' && rule.name !== 'Other') this.custom.set(rule.name, rule);
      else this.byCode.set(rule.code, rule);
    }
  }

  /** Names of the built-in statuses, for the filter. */
  get names() {
    return [...this.byCode.values()].map((r) => ({ code: r.code, name: r.name }));
  }

  rule(job) {
    if (job.statusCode === 'OTH') return this.custom.get(job.status) ?? this.byCode.get('OTH');
    return this.byCode.get(job.statusCode) ?? { code: job.statusCode, name: job.status, categories: [], actions: [] };
  }

  allows(job, action) {
    return this.rule(job).actions.includes(action);
  }

  inCategory(job, category) {
    return this.rule(job).categories.includes(category);
  }

  /** CSS suffix of the status indicator: custom statuses take the look of their category. */
  indicator(job) {
    if (job.statusCode !== 'OTH') return INDICATOR[job.statusCode] ?? 'other';
    const cats = this.rule(job).categories;
    if (cats.includes('running')) return 'running';
    if (cats.includes('terminal')) return 'complete';
    if (cats.includes('pre-running')) return 'pending';
    return 'other';
  }
}
