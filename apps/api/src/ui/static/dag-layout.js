// A small layered (Sugiyama-style) layout for workflow graphs, left to
// right: ranks by longest path from the sources, long edges split by
// virtual points, crossings reduced by barycenter sweeps, then coordinates.
// Pure: no DOM, so it can be tested anywhere.

const DEFAULTS = { nodeWidth: 160, nodeHeight: 36, rankGap: 64, rowGap: 18, padding: 16, sweeps: 6 };

/** Longest-path ranks; edges that close a cycle are ignored so bad input cannot hang the page. */
function rankNodes(ids, parentsOf) {
  const rank = new Map();
  const visiting = new Set();
  const visit = (id) => {
    if (rank.has(id)) return rank.get(id);
    if (visiting.has(id)) return -1;
    visiting.add(id);
    let r = 0;
    for (const p of parentsOf.get(id)) {
      const pr = visit(p);
      if (pr >= 0) r = Math.max(r, pr + 1);
    }
    visiting.delete(id);
    rank.set(id, r);
    return r;
  };
  ids.forEach(visit);
  return rank;
}

function barycenter(neighbours, position) {
  if (!neighbours.length) return null;
  return neighbours.reduce((sum, n) => sum + position.get(n), 0) / neighbours.length;
}

/** Reorders each layer by the mean position of its neighbours in the previous layer. */
function sweep(layers, neighboursOf, position) {
  for (const layer of layers) {
    const keyed = layer.map((id, i) => ({ id, key: barycenter(neighboursOf(id), position) ?? position.get(id) ?? i }));
    keyed.sort((a, b) => a.key - b.key);
    keyed.forEach(({ id }, i) => {
      layer[i] = id;
      position.set(id, i);
    });
  }
}

/**
 * @param {{id: string, parents: string[]}[]} nodes
 * @returns {{width: number, height: number, nodes: {id, x, y, width, height, rank}[], edges: {from, to, points: {x, y}[]}[]}}
 */
export function layoutDag(nodes, options = {}) {
  const o = { ...DEFAULTS, ...options };
  const ids = nodes.map((n) => n.id);
  const known = new Set(ids);
  const parentsOf = new Map(nodes.map((n) => [n.id, [...new Set(n.parents)].filter((p) => known.has(p) && p !== n.id)]));
  const rank = rankNodes(ids, parentsOf);

  // Split edges spanning several ranks with virtual points, one per rank crossed.
  const up = new Map(ids.map((id) => [id, []]));
  const down = new Map(ids.map((id) => [id, []]));
  const chains = [];
  for (const child of ids) {
    for (const parent of parentsOf.get(child)) {
      if (rank.get(parent) >= rank.get(child)) continue; // a cycle's back edge
      const chain = [parent];
      for (let r = rank.get(parent) + 1; r < rank.get(child); r++) {
        const v = `\u0000${parent}\u0000${child}\u0000${r}`;
        rank.set(v, r);
        up.set(v, []);
        down.set(v, []);
        chain.push(v);
      }
      chain.push(child);
      for (let i = 1; i < chain.length; i++) {
        up.get(chain[i]).push(chain[i - 1]);
        down.get(chain[i - 1]).push(chain[i]);
      }
      chains.push({ from: parent, to: child, chain });
    }
  }

  const layers = [];
  for (const [id, r] of rank) (layers[r] ??= []).push(id);
  const position = new Map();
  layers.forEach((layer) => layer.forEach((id, i) => position.set(id, i)));
  for (let i = 0; i < o.sweeps; i++) {
    if (i % 2 === 0) sweep(layers.slice(1), (id) => up.get(id), position);
    else sweep(layers.slice(0, -1).reverse(), (id) => down.get(id), position);
  }

  const isVirtual = (id) => id.startsWith('\u0000');
  const slot = (id) => (isVirtual(id) ? o.nodeHeight / 2 : o.nodeHeight) + o.rowGap;
  const layerHeight = (layer) => layer.reduce((h, id) => h + slot(id), 0) - o.rowGap;
  const tallest = Math.max(0, ...layers.map(layerHeight));
  const centre = new Map();
  layers.forEach((layer, r) => {
    let y = o.padding + (tallest - layerHeight(layer)) / 2;
    const x = o.padding + r * (o.nodeWidth + o.rankGap);
    for (const id of layer) {
      const h = isVirtual(id) ? o.nodeHeight / 2 : o.nodeHeight;
      centre.set(id, { x, y: y + h / 2 });
      y += h + o.rowGap;
    }
  });

  return {
    width: o.padding * 2 + Math.max(0, layers.length * (o.nodeWidth + o.rankGap) - o.rankGap),
    height: o.padding * 2 + tallest,
    nodes: ids.map((id) => ({
      id, rank: rank.get(id), width: o.nodeWidth, height: o.nodeHeight,
      x: centre.get(id).x, y: centre.get(id).y - o.nodeHeight / 2,
    })),
    edges: chains.map(({ from, to, chain }) => ({
      from,
      to,
      points: chain.map((id, i) => ({
        x: centre.get(id).x + (i === 0 ? o.nodeWidth : i === chain.length - 1 ? 0 : o.nodeWidth / 2),
        y: centre.get(id).y,
      })),
    })),
  };
}

/** A smooth SVG path through the points of an edge (horizontal tangents). */
export function edgePath(points) {
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const mid = (a.x + b.x) / 2;
    d += ` C${mid},${a.y} ${mid},${b.y} ${b.x},${b.y}`;
  }
  return d;
}
