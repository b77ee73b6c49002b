// Keeps the rows on screen current from the event stream.

const FLUSH_MS = 100;

/** Events are coalesced per job, then each changed job is read once and its row updated, added or removed. */
export class LiveRows {
  /**
   * @param {{ api: object, grid: object, loading: () => boolean, place: (job: object) => void }} options
   * `place` decides where a job new to the page goes, if anywhere.
   */
  constructor({ api, grid, loading, place }) {
    this.api = api;
    this.grid = grid;
    this.loading = loading;
    this.place = place;
    this.pending = new Map();
    this.flushTimer = null;
  }

  onEvent(event) {
    const before = this.pending.get(event.jobId);
    this.pending.set(event.jobId, event.type === 'deleted' || before === 'deleted' ? 'deleted' : before === 'created' ? 'created' : event.type);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Events that arrive while a page loads wait for it, then re-read their jobs: the list may predate them. */
  async flush() {
    this.flushTimer = null;
    if (this.loading()) {
      this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
      return;
    }
    const batch = [...this.pending];
    this.pending.clear();
    await Promise.all(batch.map(([id, type]) => this.apply(id, type)));
  }

  /** Reads one job again and shows what it is now. */
  async apply(id, type) {
    const row = this.grid.rows.get(id);
    if (type === 'deleted') return this.grid.removeRow(id);
    if (!row && type !== 'created') return;
    let job;
    try {
      job = await this.api.get(`/jobs/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err.status === 404) this.grid.removeRow(id);
      return;
    }
    if (this.grid.rows.has(id)) return this.grid.rows.get(id).update(job);
    this.place(job);
  }
}
