// The jobs table page. Everything it shows comes from the API with the
// view link of its URL; changes arrive from the event stream.
import { Api } from './api.js';
import { confirmAction, notify } from './dialogs.js';
import { clear, h } from './dom.js';
import { columnsFromQuery, dateTime } from './format.js';
import { LiveEvents } from './live.js';
import { openLogs } from './logs.js';
import { openResults } from './results.js';
import { StatusBook } from './status.js';
import { TableView } from './table-view.js';
import { toolbar } from './toolbar.js';

const PAGE_PATH = /\/ui\/apps\/([^/]+)\/jobs\/?$/;
const BUSY = { execute: 'Starting…', stop: 'Stopping…', pause: 'Pausing…', resume: 'Resuming…', resubmit: 'Resubmitting…', delete: 'Deleting…' };
const ORDERS = ['creationTime', '-creationTime', 'id', '-id'];

const main = document.getElementById('app');
const params = new URLSearchParams(location.search);
const match = PAGE_PATH.exec(location.pathname);
const base = location.pathname.slice(0, match ? match.index : 0);
const app = match ? decodeURIComponent(match[1]) : '';
const token = params.get('token') ?? '';

let refused = false;
const api = new Api({ base, app, token, onLinkRefused: (err) => showRefused(err.message) });

function fail(title, message, retry) {
  main.setAttribute('aria-busy', 'false');
  clear(main).append(h('section', { class: 'message-page', role: 'alert' }, h('h1', null, title), h('p', null, message),
    retry ? h('button', { type: 'button', class: 'jt-button primary', on: { click: retry } }, 'Try again') : null));
}

function showRefused(message) {
  if (refused) return;
  refused = true;
  page?.stop(message);
  if (!page) fail('This link cannot be used', message);
}

class JobsPage {
  constructor(view) {
    this.view = view;
    this.table = view.table;
    this.statuses = new StatusBook(view.statuses);
    this.columns = columnsFromQuery(params.get('columns')) ?? this.table.columns;
    const qStatus = params.get('status');
    const qType = params.get('jobType');
    const qOrder = params.get('orderBy');
    const qSize = Number(params.get('pageSize'));
    this.state = {
      status: qStatus !== null ? qStatus.split(',').filter((s) => this.statuses.byCode.has(s)) : this.table.filters.status.map((s) => this.codeOf(s)).filter(Boolean),
      jobType: qType !== null ? qType.split(',').filter((t) => view.jobTypes.includes(t)) : this.table.filters.jobType,
      orderBy: ORDERS.includes(qOrder) ? qOrder : this.table.orderBy,
      pageSize: Number.isInteger(qSize) && qSize >= 1 && qSize <= 200 ? qSize : this.table.pageSize,
    };
    this.cursors = [null];
    this.pageIndex = 0;
    this.nextCursor = null;
    this.pending = new Map();
    this.flushTimer = null;
    this.loading = false;
    this.ctx = {
      api, table: this.table, statuses: this.statuses, columns: this.columns,
      onAction: (row, entry) => this.act(row, entry), disabled: () => refused,
    };
    this.build();
    this.live = new LiveEvents({
      url: api.url('/events'), token, lastEventId: view.lastEventId,
      onEvent: (e) => this.onEvent(e), onState: (s) => this.setLive(s),
      check: async () => api.get('/view').then(() => true, (err) => !err.linkRefused),
    });
  }

  codeOf(status) {
    if (this.statuses.byCode.has(status)) return status;
    return this.statuses.names.find((s) => s.name.toLowerCase() === status.toLowerCase())?.code;
  }

  build() {
    const who = this.view.all ? `All jobs of ${this.view.app}` : `Jobs of ${this.view.user}${this.view.groups.length ? ` and groups ${this.view.groups.join(', ')}` : ''}`;
    this.liveBadge = h('span', { class: 'jt-live', role: 'status' }, 'Connecting…');
    this.banner = h('div', { class: 'jt-banner', role: 'alert', hidden: true });
    this.newJobs = h('div', { class: 'jt-new-jobs', hidden: true }, h('span', null, 'New jobs were added.'),
      h('button', { type: 'button', class: 'jt-link-button', on: { click: () => this.reset() } }, 'Show them'));
    this.prev = h('button', { type: 'button', class: 'jt-button', on: { click: () => this.go(this.pageIndex - 1) } }, '‹ Previous');
    this.next = h('button', { type: 'button', class: 'jt-button', on: { click: () => this.go(this.pageIndex + 1) } }, 'Next ›');
    this.pageLabel = h('span', { class: 'jt-page-label', 'aria-live': 'polite' });
    this.grid = new TableView(this.ctx, (orderBy) => this.change({ orderBy }));
    this.controls = toolbar({ statuses: this.statuses.names, jobTypes: this.view.jobTypes, state: this.state, onChange: (change) => this.change(change) });
    clear(main).append(
      h('header', { class: 'jt-header' },
        h('div', null, h('h1', null, this.table.title), h('p', { class: 'jt-sub' }, who, h('span', { class: 'jt-muted' }, ` · link valid until ${dateTime(this.view.expiresAt)}`))),
        this.liveBadge),
      this.banner,
      this.controls.el,
      this.newJobs,
      h('div', { class: 'jt-table-wrap' }, this.grid.el),
      h('nav', { class: 'jt-pager', 'aria-label': 'Pages' }, this.prev, this.pageLabel, this.next));
    this.grid.renderHead(this.state.orderBy);
    main.setAttribute('aria-busy', 'false');
  }

  query() {
    const q = new URLSearchParams({ limit: String(this.state.pageSize), orderBy: this.state.orderBy });
    if (this.state.status.length) q.set('status', this.state.status.join(','));
    if (this.state.jobType.length) q.set('jobType', this.state.jobType.join(','));
    const cursor = this.cursors[this.pageIndex];
    if (cursor) q.set('cursor', cursor);
    return q;
  }

  async load() {
    this.loading = true;
    try {
      await this.loadPage();
    } finally {
      this.loading = false;
    }
  }

  async loadPage() {
    this.grid.busy = true;
    if (!this.grid.rows.size) this.grid.message('Loading jobs…');
    let page;
    try {
      page = await api.get(`/jobs?${this.query()}`);
    } catch (err) {
      this.grid.busy = false;
      if (!err.linkRefused) this.grid.message(`The jobs could not be loaded: ${err.message}`, () => this.load());
      return;
    }
    this.grid.setJobs(page.items, this.pageIndex === 0 ? 'No jobs to show.' : 'No more jobs.');
    this.nextCursor = page.nextCursor;
    this.grid.busy = false;
    this.newJobs.hidden = true;
    this.renderPager();
    this.syncUrl();
  }

  renderPager() {
    this.prev.disabled = refused || this.pageIndex === 0;
    this.next.disabled = refused || !this.nextCursor;
    this.pageLabel.textContent = `Page ${this.pageIndex + 1}`;
  }

  go(index) {
    if (index > this.pageIndex) this.cursors[index] = this.nextCursor;
    this.pageIndex = index;
    void this.load().then(() => this.grid.el.focus());
  }

  reset() {
    this.cursors = [null];
    this.pageIndex = 0;
    void this.load();
  }

  change(change) {
    Object.assign(this.state, change);
    this.controls.sync(this.state);
    this.grid.renderHead(this.state.orderBy);
    this.reset();
  }

  syncUrl() {
    const q = new URLSearchParams({ token });
    if (params.get('columns')) q.set('columns', params.get('columns'));
    q.set('orderBy', this.state.orderBy);
    q.set('pageSize', String(this.state.pageSize));
    if (this.state.status.length) q.set('status', this.state.status.join(','));
    if (this.state.jobType.length) q.set('jobType', this.state.jobType.join(','));
    history.replaceState(null, '', `${location.pathname}?${q}`);
  }

  matches(job) {
    return (!this.state.status.length || this.state.status.includes(job.statusCode))
      && (!this.state.jobType.length || this.state.jobType.includes(job.jobType));
  }

  /** Events are coalesced per job, then each changed job is read once. */
  onEvent(event) {
    const before = this.pending.get(event.jobId);
    this.pending.set(event.jobId, event.type === 'deleted' || before === 'deleted' ? 'deleted' : before === 'created' ? 'created' : event.type);
    this.flushTimer ??= setTimeout(() => this.flush(), 100);
  }

  /** Events that arrive while a page loads wait for it, then re-read their jobs: the list may predate them. */
  async flush() {
    this.flushTimer = null;
    if (this.loading) {
      this.flushTimer = setTimeout(() => this.flush(), 100);
      return;
    }
    const batch = [...this.pending];
    this.pending.clear();
    await Promise.all(batch.map(([id, type]) => this.apply(id, type)));
  }

  async apply(id, type) {
    const row = this.grid.rows.get(id);
    if (type === 'deleted') return this.grid.removeRow(id);
    if (!row && type !== 'created') return;
    let job;
    try {
      job = await api.get(`/jobs/${encodeURIComponent(id)}`);
    } catch (err) {
      if (err.status === 404) this.grid.removeRow(id);
      return;
    }
    if (this.grid.rows.has(id)) return this.grid.rows.get(id).update(job);
    if (!this.matches(job)) return;
    const newestFirst = this.state.orderBy.startsWith('-');
    if (newestFirst && this.pageIndex === 0) this.grid.addRow(job, 'start');
    else if (!newestFirst && !this.nextCursor) this.grid.addRow(job, 'end');
    else this.newJobs.hidden = false;
  }

  async act(row, entry) {
    const { job } = row;
    if (entry.confirmation && !(await confirmAction(entry.confirmation, entry.label, entry.danger || entry.key === 'terminate'))) return;
    if (entry.kind === 'link') return void window.open(entry.href, entry.target, 'noopener,noreferrer');
    if (entry.kind === 'open') return void (entry.open === 'logs' ? openLogs(api, job) : openResults(api, job));
    row.setBusy(BUSY[entry.call]);
    const path = `/jobs/${encodeURIComponent(job.id)}`;
    try {
      if (entry.call === 'delete') {
        await api.delete(path);
        this.grid.removeRow(job.id);
        notify(`Job "${job.name}" deleted.`);
        return;
      }
      await api.post(`${path}/actions/${entry.call}`);
      // The change itself arrives as an event; re-read if none came.
      setTimeout(() => row.busy && this.apply(job.id, 'status'), 15_000);
    } catch (err) {
      row.setBusy(null);
      if (!err.linkRefused) notify(`${entry.label} "${job.name}": ${err.message}`, 'error');
      void this.apply(job.id, 'status');
    }
  }

  setLive(state) {
    this.liveBadge.textContent = { live: 'Live', reconnecting: 'Reconnecting…' }[state] ?? state;
    this.liveBadge.className = `jt-live ${state}`;
  }

  /** The stream starts from the event id read before the list, so changes made while listing are replayed. */
  async start() {
    const left = Date.parse(this.view.expiresAt) - Date.now();
    this.expiry = setTimeout(() => showRefused('This link has expired. Open the jobs page again from the app to get a new one.'), Math.min(left, 2 ** 31 - 1));
    await this.load();
    if (!refused) this.live.start();
  }

  /** The link expired or was refused: say so, stop listening, disable everything that would call the API. */
  stop(message) {
    this.live.stop();
    clearTimeout(this.expiry);
    this.banner.textContent = message;
    this.banner.hidden = false;
    this.setLive('offline');
    this.liveBadge.textContent = 'Offline';
    for (const row of this.grid.rows.values()) row.menu.refresh();
    for (const el of main.querySelectorAll('.jt-toolbar select, .jt-toolbar input, .jt-sort')) el.disabled = true;
    this.renderPager();
  }
}

let page = null;

async function boot() {
  if (!match || !token) return fail('This link cannot be used', 'The address is incomplete. Open the jobs page again from the app.');
  let view;
  try {
    view = await api.get('/view');
  } catch (err) {
    if (!err.linkRefused) fail('The jobs could not be loaded', err.message, boot);
    return;
  }
  page = new JobsPage(view);
  await page.start();
}

void boot();
