import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { uiStaticDir } from './static-assets.js';

interface Placed { id: string; x: number; y: number; rank: number }
interface Layout { width: number; height: number; nodes: Placed[]; edges: { from: string; to: string; points: { x: number; y: number }[] }[] }
type LayoutFn = (nodes: { id: string; parents: string[] }[]) => Layout;

/** The layout is a browser module of the page; it has no DOM dependency, so Node runs it as is. */
const load = async (): Promise<LayoutFn> =>
  (await import(pathToFileURL(path.join(uiStaticDir(), 'dag-layout.js')).href)).layoutDag as LayoutFn;

const crossings = (layout: Layout) => {
  const segs = layout.edges.flatMap((e) => e.points.slice(1).map((p, i) => [e.points[i], p] as const));
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const [a1, a2] = segs[i];
      const [b1, b2] = segs[j];
      if (a1.x === b1.x && a2.x === b2.x && (a1.y - b1.y) * (a2.y - b2.y) < 0) n++;
    }
  }
  return n;
};

describe('workflow graph layout', () => {
  test('a diamond goes left to right, one rank per dependency level', async () => {
    const layout = (await load())([{ id: 'A', parents: [] }, { id: 'B', parents: ['A'] }, { id: 'C', parents: ['A'] }, { id: 'D', parents: ['B', 'C'] }]);
    const at = Object.fromEntries(layout.nodes.map((n) => [n.id, n]));
    assert.deepEqual([at.A.rank, at.B.rank, at.C.rank, at.D.rank], [0, 1, 1, 2]);
    assert.ok(at.A.x < at.B.x && at.B.x === at.C.x && at.C.x < at.D.x);
    assert.notEqual(at.B.y, at.C.y);
    assert.equal(layout.edges.length, 4);
    assert.ok(layout.nodes.every((n) => n.x >= 0 && n.y >= 0 && n.x < layout.width && n.y < layout.height));
  });

  test('long edges bend around ranks, and ordering removes avoidable crossings', async () => {
    const layout = (await load())([
      { id: 'a', parents: [] }, { id: 'b', parents: [] },
      { id: 'x', parents: ['b'] }, { id: 'y', parents: ['a'] },
      { id: 'z', parents: ['x', 'a'] },
    ]);
    const az = layout.edges.find((e) => e.from === 'a' && e.to === 'z')!;
    assert.equal(az.points.length, 3, 'one bend per rank crossed');
    assert.equal(crossings(layout), 0);
  });

  test('cycles, self-loops and unknown parents do not hang or throw', async () => {
    const layout = (await load())([{ id: 'p', parents: ['q', 'p', 'ghost'] }, { id: 'q', parents: ['p'] }]);
    assert.equal(layout.nodes.length, 2);
    assert.equal(layout.edges.length, 1);
  });
});
