// Filters (status, type), sort order and page size; server-side, so they
// work the same with ten jobs or a million.
import { h, uid } from './dom.js';

const ORDER_LABELS = { '-creationTime': 'Newest first', creationTime: 'Oldest first', '-id': 'Highest id first', id: 'Lowest id first' };
const PAGE_SIZES = [10, 25, 50, 100, 200];

function statusPicker(statuses, selected, onChange) {
  const summary = h('summary', { class: 'jt-button' });
  const boxes = statuses.map(({ code, name }) => h('input', { type: 'checkbox', value: code, checked: selected.includes(code) }));
  const describe = () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => statuses.find((s) => s.code === b.value).name);
    summary.textContent = chosen.length === 0 ? 'Status: all' : chosen.length <= 2 ? `Status: ${chosen.join(', ')}` : `Status: ${chosen.length} selected`;
  };
  describe();
  const clearButton = h('button', { type: 'button', class: 'jt-link-button', on: {
    click: () => {
      boxes.forEach((b) => (b.checked = false));
      describe();
      onChange([]);
    },
  } }, 'Any status');
  const fieldset = h('fieldset', { class: 'jt-dropdown-panel' }, h('legend', { class: 'jt-visually-hidden' }, 'Show jobs with status'),
    boxes.map((box, i) => h('label', { class: 'jt-check' }, box, statuses[i].name)), clearButton);
  fieldset.addEventListener('change', () => {
    describe();
    onChange(boxes.filter((b) => b.checked).map((b) => b.value));
  });
  const details = h('details', { class: 'jt-dropdown' }, summary, fieldset);
  details.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && details.open) {
      details.open = false;
      summary.focus();
    }
  });
  return details;
}

function select(label, options, value, onChange) {
  const id = uid('select');
  const el = h('select', { id, on: { change: () => onChange(el.value) } },
    options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value) }, text)));
  return { el, field: h('span', { class: 'jt-field' }, h('label', { for: id }, label), el) };
}

/** The controls, and `sync(state)` to show a change made elsewhere (e.g. a sortable column header). */
export function toolbar({ statuses, jobTypes, state, onChange }) {
  const sizes = [...new Set([...PAGE_SIZES, state.pageSize])].sort((a, b) => a - b);
  const type = select('Type', [['', 'All types'], ...jobTypes.map((t) => [t, t])], state.jobType[0] ?? '', (v) => onChange({ jobType: v ? [v] : [] }));
  const order = select('Sort', Object.entries(ORDER_LABELS), state.orderBy, (orderBy) => onChange({ orderBy }));
  const size = select('Per page', sizes.map((n) => [n, String(n)]), state.pageSize, (v) => onChange({ pageSize: Number(v) }));
  const el = h('div', { class: 'jt-toolbar', role: 'group', 'aria-label': 'Filter and sort' },
    statusPicker(statuses, state.status, (status) => onChange({ status })), type.field, order.field, size.field);
  return {
    el,
    sync(next) {
      order.el.value = next.orderBy;
      size.el.value = String(next.pageSize);
      type.el.value = next.jobType[0] ?? '';
    },
  };
}
