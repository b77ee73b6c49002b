// Logs viewer: the job's log files as a tree, each file's content loaded
// when it is selected, a refresh button that reloads both.
import { pathUrl } from './api.js';
import { modal } from './dialogs.js';
import { clear, h } from './dom.js';

/** [{path}] → nested {dirs: Map, files: []}. */
function toTree(files) {
  const root = { dirs: new Map(), files: [] };
  for (const file of files) {
    const parts = file.path.split('/');
    let node = root;
    for (const dir of parts.slice(0, -1)) {
      if (!node.dirs.has(dir)) node.dirs.set(dir, { dirs: new Map(), files: [] });
      node = node.dirs.get(dir);
    }
    node.files.push({ ...file, name: parts.at(-1) });
  }
  return root;
}

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function openLogs(api, job) {
  const cache = new Map();
  let files = [];
  let selected = null;
  const tree = h('nav', { class: 'jt-log-tree', 'aria-label': 'Log files' });
  const heading = h('p', { class: 'jt-log-name' });
  const content = h('pre', { class: 'jt-log-content', tabindex: '0', 'aria-live': 'polite', 'aria-label': 'Log content' });
  const refresh = h('button', { type: 'button', class: 'jt-button', on: { click: () => load(true) } }, 'Refresh');

  const renderTree = (node) => h('ul', { role: 'group' },
    [...node.dirs].sort(([a], [b]) => a.localeCompare(b)).map(([name, child]) =>
      h('li', null, h('details', { open: true }, h('summary', null, name), renderTree(child)))),
    node.files.map((file) => h('li', null, h('button', {
      type: 'button', class: 'jt-log-file', 'aria-current': file.path === selected ? 'true' : undefined,
      'data-path': file.path, on: { click: () => show(file.path) },
    }, file.name, h('span', { class: 'jt-muted' }, ` ${sizeText(file.size)}`)))));

  async function show(path, reload = false) {
    selected = path;
    for (const b of tree.querySelectorAll('.jt-log-file')) {
      if (b.dataset.path === path) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    heading.textContent = path;
    if (reload) cache.delete(path);
    if (!cache.has(path)) {
      content.textContent = 'Loading…';
      try {
        cache.set(path, await api.get(`/jobs/${encodeURIComponent(job.id)}/logs/${pathUrl(path)}`, { as: 'text' }));
      } catch (err) {
        if (selected === path) content.textContent = `Could not load this log: ${err.message}`;
        return;
      }
    }
    if (selected === path) content.textContent = cache.get(path) || '(empty)';
  }

  async function load(reload) {
    refresh.disabled = true;
    try {
      ({ files } = await api.get(`/jobs/${encodeURIComponent(job.id)}/logs`));
      clear(tree);
      if (!files.length) {
        tree.append(h('p', { class: 'jt-muted' }, 'This job has no log files yet.'));
        heading.textContent = '';
        content.textContent = '';
        selected = null;
        return;
      }
      tree.append(renderTree(toTree(files)));
      const keep = files.some((f) => f.path === selected) ? selected : files[0].path;
      await show(keep, reload);
    } catch (err) {
      clear(tree).append(h('p', { class: 'jt-error' }, `Could not list the logs: ${err.message}`));
    } finally {
      refresh.disabled = false;
    }
  }

  modal({
    title: `Logs: ${job.name}`,
    className: 'jt-logs',
    body: h('div', { class: 'jt-log-layout' }, tree, h('section', { class: 'jt-log-view' }, heading, content)),
    buttons: [refresh],
  });
  return load(false);
}
