import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Batcher, batchOrEach } from './batcher.js';

/** A runner whose batches finish only when the test releases them. */
function gatedRunner() {
  const batches: { key: string; items: number[]; release(results?: (number | Error)[]): void; fail(err: Error): void }[] = [];
  let arrived: () => void = () => undefined;
  const run = (key: string, items: number[]) =>
    new Promise<(number | Error)[]>((resolve, reject) => {
      batches.push({ key, items, release: (results) => resolve(results ?? items.map((i) => i * 10)), fail: reject });
      arrived();
    });
  const nextBatch = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (batches.length >= count ? resolve() : (arrived = check));
      check();
    });
  return { batches, run, nextBatch };
}

describe('Batcher (group commit)', () => {
  test('items added in the same event-loop turn leave in one batch, each caller gets its own result', async () => {
    const r = gatedRunner();
    const batcher = new Batcher(r.run, { maxBatch: 100, maxInFlight: 1 });
    const results = [1, 2, 3].map((i) => batcher.add('a', i));
    await r.nextBatch(1);
    assert.deepEqual(r.batches[0].items, [1, 2, 3]);
    r.batches[0].release();
    assert.deepEqual(await Promise.all(results), [10, 20, 30]);
  });

  test('items arriving while a batch is in flight wait and leave together in the next one', async () => {
    const r = gatedRunner();
    const batcher = new Batcher(r.run, { maxBatch: 100, maxInFlight: 1 });
    const first = batcher.add('a', 1);
    await r.nextBatch(1);
    const later = [2, 3, 4].map((i) => batcher.add('a', i));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(r.batches.length, 1, 'nothing leaves while the lane is full');
    r.batches[0].release();
    await r.nextBatch(2);
    assert.deepEqual(r.batches[1].items, [2, 3, 4]);
    r.batches[1].release();
    assert.deepEqual([await first, ...(await Promise.all(later))], [10, 20, 30, 40]);
  });

  test('batches are cut at maxBatch, run up to maxInFlight at once, and keys never share a batch', async () => {
    const r = gatedRunner();
    const batcher = new Batcher(r.run, { maxBatch: 2, maxInFlight: 2 });
    const all = [...[1, 2, 3, 4, 5].map((i) => batcher.add('a', i)), batcher.add('b', 6)];
    await r.nextBatch(3);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(r.batches.map((b) => [b.key, b.items]), [['a', [1, 2]], ['b', [6]], ['a', [3, 4]]]);
    r.batches[0].release();
    await r.nextBatch(4);
    assert.deepEqual(r.batches[3].items, [5]);
    for (const b of r.batches.slice(1)) b.release();
    assert.deepEqual(await Promise.all(all), [10, 20, 30, 40, 50, 60]);
  });

  test('an Error result fails only its item; a failed batch fails all of its items, and the next batch still runs', async () => {
    const r = gatedRunner();
    const batcher = new Batcher(r.run, { maxBatch: 100, maxInFlight: 1 });
    const a = [1, 2].map((i) => batcher.add('a', i));
    await r.nextBatch(1);
    const b = [3, 4].map((i) => batcher.add('a', i).catch((e: Error) => e.message));
    r.batches[0].release([10, new Error('item 2 refused')]);
    assert.equal(await a[0], 10);
    await assert.rejects(a[1], /item 2 refused/);
    await r.nextBatch(2);
    r.batches[1].fail(new Error('connection lost'));
    assert.deepEqual(await Promise.all(b), ['connection lost', 'connection lost']);
  });

  test('a batch that returns too few results rejects the items left without one', async () => {
    const r = gatedRunner();
    const batcher = new Batcher(r.run, { maxBatch: 100, maxInFlight: 1 });
    const all = [1, 2].map((i) => batcher.add('a', i).catch((e: Error) => e.message));
    await r.nextBatch(1);
    r.batches[0].release([10]);
    assert.deepEqual(await Promise.all(all), [10, 'batch returned 1 results for 2 items']);
  });
});

describe('batchOrEach', () => {
  const many = async (items: number[]) => {
    if (items.some((i) => i < 0)) throw new Error(`negative in [${items}]`);
    return items.map((i) => i + 1);
  };

  test('a batch that succeeds is run once', async () => {
    assert.deepEqual(await batchOrEach([1, 2, 3], many), [2, 3, 4]);
  });

  test('a refused batch is retried item by item: only the item at fault gets an error', async () => {
    const results = await batchOrEach([1, -2, 3], many);
    assert.equal(results[0], 2);
    assert.ok(results[1] instanceof Error && results[1].message === 'negative in [-2]');
    assert.equal(results[2], 4);
  });
});
