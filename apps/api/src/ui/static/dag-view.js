// Workflow graph in SVG from the layered layout: nodes coloured by state,
// edges with arrows, left to right; every node focusable with its status.
import { edgePath, layoutDag } from './dag-layout.js';
import { h, svg, uid } from './dom.js';
import { countStates, NODE_STATES, STATE_LABELS } from './nodes.js';

const MAX_LABEL = 20;

export function dagGraph(nodes) {
  const layout = layoutDag(nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const arrow = uid('arrow');
  const root = svg('svg', {
    class: 'jt-dag', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group', 'aria-label': `Workflow graph with ${nodes.length} nodes`,
  },
  svg('defs', null, svg('marker', {
    id: arrow, viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse',
  }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'jt-dag-arrow' }))),
  layout.edges.map((e) => svg('path', {
    class: `jt-dag-edge state-${byId.get(e.from).state}`, d: edgePath(e.points), 'marker-end': `url(#${arrow})`,
    'data-from': e.from, 'data-to': e.to,
  })),
  layout.nodes.map((p) => {
    const n = byId.get(p.id);
    const label = n.label.length > MAX_LABEL ? `${n.label.slice(0, MAX_LABEL - 1)}…` : n.label;
    const text = `${n.label}: ${STATE_LABELS[n.state]}${n.status && n.status !== STATE_LABELS[n.state] ? ` (${n.status})` : ''}`;
    return svg('g', {
      class: `jt-dag-node state-${n.state}`, transform: `translate(${p.x},${p.y})`, tabindex: '0', role: 'img',
      'aria-label': text, 'data-node': n.id, 'data-state': n.state,
    },
    svg('title', null, text),
    svg('rect', { width: p.width, height: p.height, rx: '7', ry: '7' }),
    svg('circle', { class: 'jt-dag-dot', cx: '14', cy: String(p.height / 2), r: '5' }),
    svg('text', { x: '26', y: String(p.height / 2), 'dominant-baseline': 'central' }, label));
  }));
  return h('div', { class: 'jt-dag-scroll', tabindex: '-1' }, root);
}

export function legend() {
  return h('ul', { class: 'jt-legend', 'aria-label': 'Node states' },
    NODE_STATES.map((s) => h('li', null, h('span', { class: `jt-swatch state-${s}`, 'aria-hidden': 'true' }), STATE_LABELS[s])));
}

/** Stacked bar of node states from real counts; the numbers are in its label and tooltip. */
export function progressBar(nodes) {
  const counts = countStates(nodes);
  const total = nodes.length || 1;
  const summary = NODE_STATES.filter((s) => counts[s]).map((s) => `${counts[s]} ${STATE_LABELS[s].toLowerCase()}`).join(', ');
  const label = `${counts.completed} of ${nodes.length} nodes complete${summary ? ` (${summary})` : ''}`;
  const bar = h('div', { class: 'jt-progress', role: 'img', 'aria-label': label, title: label },
    NODE_STATES.filter((s) => s !== 'waiting' && counts[s]).map((s) => {
      const seg = h('span', { class: `jt-progress-seg state-${s}`, 'data-state': s, 'data-count': counts[s] });
      seg.style.width = `${(counts[s] / total) * 100}%`;
      return seg;
    }));
  return bar;
}
