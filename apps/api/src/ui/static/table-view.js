// The <table>: a header with sortable columns (the orders the server can
// page through: creation time and id), and one JobRow per job.
import { clear, h } from './dom.js';
import { JobRow } from './row.js';

const SORTABLE = { creationTime: 'creationTime', id: 'id' };

export class TableView {
  /** ctx: the rows' context; onSort(orderBy) when a sortable header is used. */
  constructor(ctx, onSort) {
    this.ctx = ctx;
    this.onSort = onSort;
    this.rows = new Map();
    this.thead = h('thead');
    this.tbody = h('tbody');
    this.el = h('table', { class: 'jt-table', tabindex: '-1' },
      h('caption', { class: 'jt-visually-hidden' }, ctx.table.title), this.thead, this.tbody);
  }

  renderHead(orderBy) {
    const { table, columns } = this.ctx;
    const [key, desc] = [orderBy.replace('-', ''), orderBy.startsWith('-')];
    const th = (title, field, cls) => {
      const sortKey = SORTABLE[field];
      if (!sortKey) return h('th', { scope: 'col', class: cls }, title);
      const active = sortKey === key;
      return h('th', { scope: 'col', class: cls, 'aria-sort': active ? (desc ? 'descending' : 'ascending') : 'none' },
        h('button', { type: 'button', class: 'jt-sort', on: { click: () => this.onSort(active && desc ? sortKey : `-${sortKey}`) } },
          title, h('span', { class: 'jt-sort-mark', 'aria-hidden': 'true' }, active ? (desc ? ' ▼' : ' ▲') : ' ↕')));
    };
    clear(this.thead).append(h('tr', null,
      h('th', { scope: 'col', class: 'jt-toggle-cell' }, h('span', { class: 'jt-visually-hidden' }, 'Details')),
      columns.map((c) => th(c.title, c.field)),
      table.showStatus ? th('Status', 'status', 'jt-status-head') : null,
      table.showActions ? h('th', { scope: 'col', class: 'jt-actions-head' }, h('span', { class: 'jt-visually-hidden' }, 'Actions')) : null));
  }

  set busy(value) {
    this.tbody.setAttribute('aria-busy', String(value));
  }

  get colspan() {
    const { table, columns } = this.ctx;
    return 1 + columns.length + (table.showStatus ? 1 : 0) + (table.showActions ? 1 : 0);
  }

  /** A message in place of the rows (loading, empty, error with a retry). */
  message(text, retry) {
    clear(this.tbody).append(h('tr', { class: 'jt-empty' }, h('td', { colspan: this.colspan }, text,
      retry ? h('button', { type: 'button', class: 'jt-link-button', on: { click: retry } }, ' Try again') : null)));
  }

  setJobs(jobs, emptyText) {
    this.rows.clear();
    clear(this.tbody);
    for (const job of jobs) this.addRow(job, 'end');
    if (!jobs.length) this.message(emptyText);
  }

  addRow(job, where) {
    if (!this.rows.size) clear(this.tbody);
    const row = new JobRow(this.ctx, job);
    this.rows.set(job.id, row);
    if (where === 'start') this.tbody.prepend(...row.elements);
    else this.tbody.append(...row.elements);
  }

  removeRow(id) {
    const row = this.rows.get(id);
    if (!row) return;
    const hadFocus = row.elements.some((el) => el.contains(document.activeElement));
    row.elements.forEach((el) => el.remove());
    this.rows.delete(id);
    if (!this.rows.size) this.message('No jobs to show.');
    if (hadFocus) this.el.focus();
  }
}
