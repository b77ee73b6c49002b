// Results viewer for jobs whose app set no results URL: the stored result
// and the result files, downloaded through the API with the view link.
import { pathUrl } from './api.js';
import { modal, notify } from './dialogs.js';
import { h } from './dom.js';

async function download(api, job, file) {
  try {
    const blob = await api.get(`/jobs/${encodeURIComponent(job.id)}/results/${pathUrl(file.path)}`, { as: 'blob' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: file.path.split('/').pop(), class: 'jt-hidden' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    notify(`Could not download ${file.path}: ${err.message}`, 'error');
  }
}

export async function openResults(api, job) {
  const body = h('div', { class: 'jt-results' }, h('p', null, 'Loading…'));
  modal({ title: `Results: ${job.name}`, className: 'jt-results-dialog', body });
  try {
    const { result, files } = await api.get(`/jobs/${encodeURIComponent(job.id)}/results`);
    body.replaceChildren(
      h('h3', null, 'Result'),
      result === null ? h('p', { class: 'jt-muted' }, 'No result value was stored.') : h('pre', { tabindex: '0' }, JSON.stringify(result, null, 2)),
      h('h3', null, 'Files'),
      files.length
        ? h('ul', { class: 'jt-file-list' }, files.map((f) => h('li', null,
          h('button', { type: 'button', class: 'jt-link-button', on: { click: () => download(api, job, f) } }, f.path))))
        : h('p', { class: 'jt-muted' }, 'No result files.'),
    );
  } catch (err) {
    body.replaceChildren(h('p', { class: 'jt-error' }, `Could not load the results: ${err.message}`));
  }
}
