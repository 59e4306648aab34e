import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateArguments, helpers, seededRandom } from '../../src/runner/inputs.ts';
import type { TypeDescriptor } from '../../src/runner/protocol.ts';
import { sameState } from '../../src/runner/same-state.ts';

const params = (...types: TypeDescriptor[]) => types.map((type, i) => ({ name: `p${i}`, type }));
const line: TypeDescriptor = { kind: 'object', properties: [{ name: 'sku', type: { kind: 'string' }, optional: false }, { name: 'quantity', type: { kind: 'number' }, optional: false }] };

describe('generated inputs', () => {
  it('are the same for the same seed and size, and differ for another seed', () => {
    const all = params({ kind: 'array', element: line }, { kind: 'set', element: { kind: 'number' } }, { kind: 'map', key: { kind: 'string' }, value: { kind: 'boolean' } }, { kind: 'date' });
    assert.deepEqual(generateArguments(all, 100, 7), generateArguments(all, 100, 7));
    assert.notDeepEqual(generateArguments(all, 100, 7), generateArguments(all, 100, 8));
  });

  it('size top-level collections and strings by n, nested ones by √n, and strings inside objects short', () => {
    const [xs, text, grid, orders] = generateArguments(params(
      { kind: 'array', element: { kind: 'number' } },
      { kind: 'string' },
      { kind: 'array', element: { kind: 'array', element: { kind: 'number' } } },
      { kind: 'array', element: line },
    ), 400, 1) as [number[], string, number[][], { sku: string; quantity: number }[]];
    assert.equal(xs.length, 400);
    assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 400));
    assert.equal(text.length, 400);
    assert.equal(grid.length, 400);
    assert.ok(grid.every((row) => row.length === 20));
    assert.ok(orders.every((order) => order.sku.length === 8 && typeof order.quantity === 'number'));
  });

  it('give a number parameter n itself, and pick literal union members and tuple elements', () => {
    const [count, status, pair] = generateArguments(params(
      { kind: 'number', top: true },
      { kind: 'union', options: [{ kind: 'literal', value: 'open' }, { kind: 'literal', value: 'closed' }] },
      { kind: 'tuple', elements: [{ kind: 'boolean' }, { kind: 'bigint' }] },
    ), 1000, 3) as [number, string, [boolean, bigint]];
    assert.equal(count, 1000);
    assert.ok(status === 'open' || status === 'closed');
    assert.equal(typeof pair[0], 'boolean');
    assert.equal(typeof pair[1], 'bigint');
  });

  it('make sets, maps and records of distinct keys, and typed arrays of n items', () => {
    const [tags, index, record, bytes] = generateArguments(params(
      { kind: 'set', element: { kind: 'string' } },
      { kind: 'map', key: { kind: 'string' }, value: { kind: 'number' } },
      { kind: 'record', key: 'number', value: { kind: 'string' } },
      { kind: 'typed-array', name: 'Float64Array' },
    ), 200, 1) as [Set<string>, Map<string, number>, Record<string, string>, Float64Array];
    assert.equal(tags.size, 200);
    assert.equal(index.size, 200);
    assert.equal(Object.keys(record).length, 200);
    assert.ok(bytes instanceof Float64Array && bytes.length === 200);
  });
});

describe('@bench helpers', () => {
  it('are seeded: the same seed gives the same values', () => {
    const a = helpers(50, 9) as Record<string, (...args: number[]) => unknown>;
    const b = helpers(50, 9) as Record<string, (...args: number[]) => unknown>;
    assert.deepEqual([a.randomInts?.(5, 10), a.randomString?.(6), a.shuffled?.([1, 2, 3, 4] as never)], [b.randomInts?.(5, 10), b.randomString?.(6), b.shuffled?.([1, 2, 3, 4] as never)]);
  });

  it('give ranges, bounded integers, short strings and n', () => {
    const h = helpers(50, 1) as Record<string, unknown> & Record<'range' | 'randomInts' | 'randomStrings' | 'randomFloats', (...args: number[]) => unknown[]>;
    assert.equal(h.n, 50);
    assert.deepEqual(h.range(4, 2), [2, 3, 4, 5]);
    assert.ok(h.randomInts(100, 3).every((x) => x === 0 || x === 1 || x === 2));
    assert.ok(h.randomStrings(3).every((text) => typeof text === 'string' && text.length === 8));
    assert.ok(h.randomFloats(10).every((x) => typeof x === 'number' && x >= 0 && x < 1));
  });

  it('draw from a generator that spreads its values', () => {
    const random = seededRandom(1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(random() * 10)]! += 1;
    assert.ok(buckets.every((count) => count > 900 && count < 1100), String(buckets));
  });
});

describe('same state', () => {
  it('tells a sorted copy from the original and equal structures apart from changed ones', () => {
    const make = () => ({ xs: [3, 1, 2], index: new Map([['a', new Set([1])]]), when: new Date(0), bytes: new Uint8Array([1, 2]) });
    assert.ok(sameState(make(), make()));
    const sorted = make();
    sorted.xs.sort();
    assert.ok(!sameState(sorted, make()));
    const grown = make();
    grown.index.get('a')?.add(2);
    assert.ok(!sameState(grown, make()));
    const written = make();
    written.bytes[0] = 9;
    assert.ok(!sameState(written, make()));
  });

  it('counts closures made twice as the same, and handles cycles', () => {
    const make = () => {
      const node: { next?: unknown; callback: () => number } = { callback: () => 1 };
      node.next = node;
      return node;
    };
    assert.ok(sameState(make(), make()));
  });
});
