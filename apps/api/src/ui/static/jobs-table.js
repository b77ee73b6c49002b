// The jobs table page. Everything it shows comes from the API with the
// view link of its URL; changes arrive from the event stream.
import { Api } from './api.js';
import { confirmAction, notify } from './dialogs.js';
import { clear, h } from './dom.js';
import { columnsFromQuery, dateTime } from './format.js';
import { LiveEvents } from './live.js';
import { LiveRows } from './live-rows.js';
import { openLogs } from './logs.js';
import { initialState, listQuery, matches, pageQuery } from './page-state.js';
import { openResults } from './results.js';
import { StatusBook } from './status.js';
import { TableView } from './table-view.js';
import { toolbar } from './toolbar.js';

const PAGE_PATH = /\/ui\/apps\/([^/]+)\/jobs\/?$/;
const BUSY = { execute: 'Starting…', stop: 'Stopping…', pause: 'Pausing…', resume: 'Resuming…', resubmit: 'Resubmitting…', delete: 'Deleting…' };

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
    this.state = initialState(params, this.table, this.statuses, view.jobTypes);
    this.cursors = [null];
    this.pageIndex = 0;
    this.nextCursor = null;
    this.loading = false;
    this.ctx = {
      api, table: this.table, statuses: this.statuses, columns: this.columns,
      onAction: (row, entry) => this.act(row, entry), disabled: () => refused,
    };
    this.build();
    this.rows = new LiveRows({ api, grid: this.grid, loading: () => this.loading, place: (job) => this.place(job) });
    this.live = new LiveEvents({
      url: api.url('/events'), token, lastEventId: view.lastEventId,
      onEvent: (e) => this.rows.onEvent(e), onState: (s) => this.setLive(s),
      check: async () => api.get('/view').then(() => true, (err) => !err.linkRefused),
    });
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
      page = await api.get(`/jobs?${listQuery(this.state, this.cursors[this.pageIndex])}`);
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
    history.replaceState(null, '', `${location.pathname}?${pageQuery(this.state, token, params.get('columns'))}`);
  }

  /** Where a job new to the page goes: at the end the list is ordered from, else a notice. */
  place(job) {
    if (!matches(this.state, job)) return;
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
      setTimeout(() => row.busy && this.rows.apply(job.id, 'status'), 15_000);
    } catch (err) {
      row.setBusy(null);
      if (!err.linkRefused) notify(`${entry.label} "${job.name}": ${err.message}`, 'error');
      void this.rows.apply(job.id, 'status');
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
