// The original's default actions, their enable rules and confirmations,
// plus custom actions linking to the calling app. Enable rules are hints:
// the server re-checks every action and answers 409 with the reason.

export const DEFAULT_ACTIONS = {
  run: { label: 'Run', call: 'execute', enabled: (s, job) => s.allows(job, 'execute') },
  pause: { label: 'Pause', call: 'pause', enabled: (s, job) => s.allows(job, 'pause') },
  resume: { label: 'Resume', call: 'resume', enabled: (s, job) => s.allows(job, 'resume') },
  resubmit: { label: 'Resubmit', call: 'resubmit', enabled: (s, job) => s.allows(job, 'resubmit') },
  logs: { label: 'View Logs', open: 'logs', enabled: (s, job) => !s.inCategory(job, 'pre-running') },
  monitor: { label: 'Monitor Job', link: 'monitorUrl', enabled: (s, job) => s.inCategory(job, 'running') },
  results: { label: 'View Results', open: 'results', link: 'resultsUrl', enabled: (s, job) => s.inCategory(job, 'terminal') },
  terminate: {
    label: 'Terminate', call: 'stop', enabled: (s, job) => s.allows(job, 'stop'),
    confirmation: 'Are you sure you want to terminate this job?',
  },
  delete: {
    label: 'Delete', call: 'delete', enabled: (s, job) => s.allows(job, 'delete'),
    confirmation: 'Are you sure you want to permanently delete this job?', danger: true,
  },
};

/** `{id}`, `{app}` and `{user}` in a URL template of the calling app. */
export function fillUrl(template, job) {
  return template.replace(/\{(id|app|user)\}/g, (_, key) => encodeURIComponent(String(job[key] ?? '')));
}

function customEnabled(action, statuses, job) {
  if (action.jobTypes?.length && !action.jobTypes.includes(job.jobType)) return false;
  if (!action.statuses?.length) return true;
  return action.statuses.some((s) => s === job.status || s === job.statusCode || statuses.inCategory(job, s));
}

/**
 * Menu entries for one job: {kind: 'separator'} or {kind: 'call'|'open'|'link', key, label, enabled, ...}.
 * Monitor needs a monitor URL (as in the original); results link out when a results URL is set, else open a dialog.
 */
export function menuEntries(table, statuses, job) {
  const entries = [];
  for (const spec of table.actions) {
    if (spec === '|') {
      if (entries.length && entries.at(-1).kind !== 'separator') entries.push({ kind: 'separator' });
      continue;
    }
    if (typeof spec === 'object') {
      entries.push({
        kind: 'link', key: `custom-${spec.label}`, label: spec.label, href: fillUrl(spec.url, job),
        target: spec.target, confirmation: spec.confirmation, enabled: customEnabled(spec, statuses, job),
      });
      continue;
    }
    const def = DEFAULT_ACTIONS[spec];
    if (!def) continue;
    const enabled = def.enabled(statuses, job);
    const url = def.link ? table[def.link] : undefined;
    if (url) entries.push({ kind: 'link', key: spec, label: def.label, href: fillUrl(url, job), target: table.linkTarget, enabled });
    else if (def.open) entries.push({ kind: 'open', key: spec, label: def.label, open: def.open, enabled });
    else if (def.call) entries.push({ kind: 'call', key: spec, label: def.label, call: def.call, confirmation: def.confirmation, danger: def.danger, enabled });
  }
  while (entries.at(-1)?.kind === 'separator') entries.pop();
  return entries;
}
