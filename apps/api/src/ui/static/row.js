// One job's row: its cells, status (indicator, message tooltip, node
// progress), actions menu and optional detail row. Rows change only when
// an event says the job changed: there is no polling.
import { menuEntries } from './actions.js';
import { progressBar } from './dag-view.js';
import { DETAIL_JOB_TYPES, detailContent } from './details.js';
import { clear, h, uid } from './dom.js';
import { ActionMenu } from './menu.js';
import { cellText } from './format.js';
import { NODE_JOB_TYPES, normalizeNodes } from './nodes.js';

export class JobRow {
  /** ctx: {api, table, statuses, columns, onAction(row, entry), disabled()} */
  constructor(ctx, job) {
    this.ctx = ctx;
    this.job = job;
    this.nodes = undefined; // undefined: not loaded; null: not available; [] or nodes
    this.links = undefined;
    this.busy = null;
    this.tr = h('tr', { class: 'jt-row', 'data-job-id': job.id });
    const detailsId = uid('details');
    this.toggle = h('button', {
      type: 'button', class: 'jt-toggle', 'aria-expanded': 'false', 'aria-controls': detailsId,
      on: { click: () => this.setExpanded(!this.expanded) },
    }, h('span', { 'aria-hidden': 'true' }, '▸'));
    this.detailCell = h('td', { colspan: '1', class: 'jt-detail-cell' });
    this.detailRow = h('tr', { id: detailsId, class: 'jt-detail-row', hidden: true }, this.detailCell);
    this.cells = ctx.columns.map((c) => h('td', { 'data-label': c.title, 'data-field': c.field }));
    this.statusCell = h('td', { class: 'jt-status-cell', 'data-label': 'Status' });
    this.menu = new RowMenu(ctx, this);
    const toggleCell = h('td', { class: 'jt-toggle-cell' });
    this.tr.append(toggleCell, ...this.cells);
    if (ctx.table.showStatus) this.tr.append(this.statusCell);
    if (ctx.table.showActions) this.tr.append(h('td', { class: 'jt-actions-cell', 'data-label': 'Actions' }, this.menu.root));
    if (ctx.table.showDetails && DETAIL_JOB_TYPES.has(job.jobType)) {
      toggleCell.append(this.toggle);
      toggleCell.setAttribute('data-label', 'Details');
    }
    this.detailCell.colSpan = this.tr.children.length;
    this.render();
    if (NODE_JOB_TYPES.has(job.jobType)) void this.loadNodes();
  }

  get expanded() {
    return !this.detailRow.hidden;
  }

  get elements() {
    return [this.tr, this.detailRow];
  }

  setExpanded(open) {
    this.detailRow.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.setAttribute('aria-label', `${open ? 'Hide' : 'Show'} details of ${this.job.name}`);
    if (open && this.links === undefined && this.job.jobType === 'DASK') void this.loadLinks();
    this.renderDetails();
  }

  /** A newer version of the job (from the API after an event). */
  update(job) {
    this.job = job;
    this.busy = null;
    this.render();
    if (NODE_JOB_TYPES.has(job.jobType)) void this.loadNodes();
  }

  setBusy(text) {
    this.busy = text;
    this.renderStatus();
    this.menu.refresh();
  }

  async loadNodes() {
    try {
      this.nodes = normalizeNodes(await this.ctx.api.get(`/jobs/${encodeURIComponent(this.job.id)}/nodes`));
    } catch {
      this.nodes = null; // no nodes endpoint (yet) or not readable: show the plain status
    }
    this.renderStatus();
    this.renderDetails();
  }

  async loadLinks() {
    try {
      this.links = await this.ctx.api.get(`/jobs/${encodeURIComponent(this.job.id)}/links`);
    } catch {
      this.links = null;
    }
    this.renderDetails();
  }

  render() {
    this.ctx.columns.forEach((c, i) => {
      this.cells[i].textContent = cellText(this.job, c.field);
    });
    this.toggle.setAttribute('aria-label', `${this.expanded ? 'Hide' : 'Show'} details of ${this.job.name}`);
    this.renderStatus();
    this.menu.refresh();
    this.renderDetails();
  }

  renderStatus() {
    const { job } = this;
    const kind = this.ctx.statuses.indicator(job);
    const parts = [h('span', { class: `jt-indicator status-${kind}`, 'aria-hidden': 'true' }), h('span', { class: 'jt-status-text' }, job.status)];
    if (job.statusMessage) {
      const tipId = uid('tip');
      parts.push(h('button', { type: 'button', class: 'jt-info', 'aria-label': 'Status message', 'aria-describedby': tipId }, 'i'),
        h('span', { id: tipId, role: 'tooltip', class: 'jt-tooltip' }, job.statusMessage));
    }
    if (this.busy) parts.push(h('span', { class: 'jt-busy' }, this.busy));
    const line = h('div', { class: 'jt-status', title: job.statusMessage ?? undefined }, parts);
    clear(this.statusCell).append(line);
    if (Array.isArray(this.nodes) && this.nodes.length && job.statusCode !== 'PEN') this.statusCell.append(progressBar(this.nodes));
    this.statusCell.setAttribute('data-status', job.statusCode);
  }

  renderDetails() {
    if (!this.expanded) return;
    clear(this.detailCell).append(h('div', { class: 'jt-details' }, detailContent(this.job, this.nodes, this.links)));
  }
}

/** The actions menu of a row, rebuilt from the job's current status. */
class RowMenu {
  constructor(ctx, row) {
    this.ctx = ctx;
    this.row = row;
    this.inner = new ActionMenu({
      label: `Actions for ${row.job.name}`,
      onSelect: (entry) => ctx.onAction(row, entry),
    });
    this.root = this.inner.root;
  }

  refresh() {
    const { job } = this.row;
    this.inner.button.setAttribute('aria-label', `Actions for ${job.name}`);
    this.inner.setEntries(menuEntries(this.ctx.table, this.ctx.statuses, job).map((e) =>
      (e.kind === 'separator' ? e : { ...e, enabled: e.enabled && !this.row.busy && !this.ctx.disabled() })));
    this.inner.disabled = this.ctx.disabled();
  }
}
