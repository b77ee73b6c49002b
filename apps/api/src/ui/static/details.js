// The expandable detail of a row: the workflow graph for jobs with nodes,
// the Dask dashboard link, the full status message and times.
import { dagGraph, legend } from './dag-view.js';
import { h } from './dom.js';
import { dateTime } from './format.js';
import { NODE_JOB_TYPES } from './nodes.js';

/** Job types with something to show beyond the row. */
export const DETAIL_JOB_TYPES = new Set([...NODE_JOB_TYPES, 'DASK']);

function facts(job) {
  const items = [['Job id', job.id], ['Type', job.jobType], ['Executed', dateTime(job.executeTime)], ['Started', dateTime(job.startTime)],
    ['Finished', dateTime(job.completionTime)]].filter(([, v]) => v);
  return h('dl', { class: 'jt-facts' }, items.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export function detailContent(job, nodes, links) {
  const parts = [];
  if (job.statusMessage) parts.push(h('p', { class: 'jt-status-message' }, h('strong', null, 'Status message: '), job.statusMessage));
  if (NODE_JOB_TYPES.has(job.jobType)) {
    if (nodes === undefined) parts.push(h('p', { class: 'jt-muted' }, 'Loading the workflow graph…'));
    else if (nodes === null) parts.push(h('p', { class: 'jt-muted' }, 'The workflow graph is not available for this job.'));
    else if (!nodes.length) parts.push(h('p', { class: 'jt-muted' }, 'This workflow has no nodes yet.'));
    else parts.push(h('section', { class: 'jt-dag-section', 'aria-label': 'Workflow graph' }, dagGraph(nodes), legend()));
  }
  if (job.jobType === 'DASK' || links?.dashboard) {
    if (links === undefined) parts.push(h('p', { class: 'jt-muted' }, 'Looking for a dashboard…'));
    else if (links?.dashboard) {
      parts.push(h('p', null, h('a', {
        class: 'jt-button jt-dashboard-link', href: links.dashboard, target: '_blank', rel: 'noopener noreferrer',
      }, 'Open the Dask dashboard')));
    } else parts.push(h('p', { class: 'jt-muted' }, "No dashboard is configured for this job's scheduler."));
  }
  parts.push(facts(job));
  return parts;
}
