// The list's filters, order and page size: read from the page address, written back to it.

const ORDERS = ['creationTime', '-creationTime', 'id', '-id'];

/** The state the address asks for; what it does not say comes from the link's table settings. */
export function initialState(params, table, statuses, jobTypes) {
  const codeOf = (status) => {
    if (statuses.byCode.has(status)) return status;
    return statuses.names.find((s) => s.name.toLowerCase() === status.toLowerCase())?.code;
  };
  const qStatus = params.get('status');
  const qType = params.get('jobType');
  const qOrder = params.get('orderBy');
  const qSize = Number(params.get('pageSize'));
  return {
    status: qStatus !== null ? qStatus.split(',').filter((s) => statuses.byCode.has(s)) : table.filters.status.map(codeOf).filter(Boolean),
    jobType: qType !== null ? qType.split(',').filter((t) => jobTypes.includes(t)) : table.filters.jobType,
    orderBy: ORDERS.includes(qOrder) ? qOrder : table.orderBy,
    pageSize: Number.isInteger(qSize) && qSize >= 1 && qSize <= 200 ? qSize : table.pageSize,
  };
}

/** The list request for one page. */
export function listQuery(state, cursor) {
  const q = new URLSearchParams({ limit: String(state.pageSize), orderBy: state.orderBy });
  filtersInto(q, state);
  if (cursor) q.set('cursor', cursor);
  return q;
}

/** The page address for a state, so that a reload shows the same list. */
export function pageQuery(state, token, columns) {
  const q = new URLSearchParams({ token });
  if (columns) q.set('columns', columns);
  q.set('orderBy', state.orderBy);
  q.set('pageSize', String(state.pageSize));
  filtersInto(q, state);
  return q;
}

/** Whether a job belongs in the list as filtered. */
export function matches(state, job) {
  return (!state.status.length || state.status.includes(job.statusCode))
    && (!state.jobType.length || state.jobType.includes(job.jobType));
}

function filtersInto(q, state) {
  if (state.status.length) q.set('status', state.status.join(','));
  if (state.jobType.length) q.set('jobType', state.jobType.join(','));
}
