import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/rules/index.ts';
import { analyzeTyped } from './harness.ts';

/**
 * Parity with ESLint's `no-await-in-loop`, from eslint/eslint `tests/lib/rules/no-await-in-loop.js` (MIT): its valid
 * cases verbatim, its invalid cases rewritten with round trips in place of `await bar`, and shapes ESLint users
 * reported as false positives (eslint/eslint#14700, #10586, #13304; the "When Not To Use It" list of its docs).
 * `expected` lists the query-family findings: the same as ESLint where the awaits are independent lookups, none where
 * a turn depends on the previous one (a condition or update that awaits, polling, retries) — see `differs`.
 */
interface Case { name: string; code: string; expected: string[]; differs?: string }

const ESLINT_VALID: string[] = [
  'async function foo() { await bar; }',
  'async function foo() { for (var bar in await baz) { } }',
  'async function foo() { for (var bar of await baz) { } }',
  'async function foo() { for await (var bar of await baz) { } }',
  'async function foo() { for (var bar = await baz in qux) {} }',
  'async function foo() { while (true) { async function foo() { await bar; } } }',
  'async function foo() { for (var i = await bar; i < n; i++) {  } }',
  'async function foo() { do { } while (bar); }',
  'async function foo() { while (true) { var y = async function() { await bar; } } }',
  'async function foo() { while (true) { var y = async () => await foo; } }',
  'async function foo() { while (true) { var y = async () => { await foo; } } }',
  'async function foo() { while (true) { class Foo { async foo() { await bar; } } } }',
  'async function foo() { for await (var x of xs) { await f(x) } }',
];

const CASES: Case[] = [
  ...ESLINT_VALID.map((code, i) => ({ name: `eslint valid ${i + 1}`, code, expected: [] })),

  // ESLint's invalid cases as round trips.
  { name: 'while over a collection', code: 'async function foo(ids) { let i = 0; while (i < ids.length) { await db.user.findUnique({ where: { id: ids[i] } }); i++; } }', expected: ['query-in-loop'] },
  { name: 'while (baz) { await bar }', code: 'async function foo() { while (baz) { await fetch(url); } }', expected: [], differs: 'no collection and nothing per element: polling' },
  { name: 'while (await foo())', code: 'async function foo() { while (await db.job.findFirst({ where: { done: false } })) { } }', expected: [], differs: 'an await in the condition decides whether to go on: sequential by nature' },
  { name: 'for await nested in while', code: 'async function foo() { while (baz) { for await (x of xs); } }', expected: [], differs: 'ESLint reports the `for await` itself; consuming a stream is no round trip per element' },
  { name: 'for-of, block body', code: 'async function foo(ids) { for (const id of ids) { await db.user.findUnique({ where: { id } }); } }', expected: ['query-in-loop'] },
  { name: 'for-of, statement body', code: 'async function foo(urls) { for (const url of urls) await fetch(url); }', expected: ['query-in-loop'] },
  { name: 'for-in', code: 'async function foo(byId) { for (const key in byId) { await redis.get(key); } }', expected: ['query-in-loop'] },
  { name: 'for with index', code: 'async function foo(ids) { for (let i = 0; i < ids.length; i++) { await db.user.findUnique({ where: { id: ids[i] } }); } }', expected: ['query-in-loop'] },
  { name: 'await in the for condition', code: 'async function foo() { for (let i = 0; await db.page.findFirst({ where: { n: i } }); i++) { } }', expected: [], differs: 'stops at the first missing row: each turn depends on the previous answer' },
  { name: 'await in the for update', code: 'async function foo(first) { for (let id = first; id; id = await db.next.findFirst({ where: { after: id } })) { } }', expected: [], differs: 'each id comes from the previous response' },
  { name: 'do-while over a collection', code: 'async function foo(urls) { let i = 0; do { await fetch(urls[i]); i++; } while (i < urls.length); }', expected: ['query-in-loop'] },
  { name: 'await in the do-while condition', code: 'async function foo() { do { } while (await redis.get("lock")); }', expected: [], differs: 'polling a flag' },
  { name: 'deep in a loop body', code: 'async function foo(ids) { for (const id of ids) { if (id) { console.log(await db.user.findUnique({ where: { id } })); } } }', expected: ['query-in-loop'] },
  { name: 'deep in a loop condition', code: 'async function foo() { while (xyz || 5 > await redis.get("count")) { } }', expected: [], differs: 'an await in the condition' },
  { name: 'loop nested in for await', code: 'async function foo(stream) { for await (const msg of stream) { for (const id of msg.ids) await fetch(`/users/${id}`); } }', expected: ['query-in-loop'] },
  { name: 'while (1) nested in for await', code: 'async function foo(xs) { for await (var x of xs) { while (1) await fetch(x.url) } }', expected: [], differs: 'an endless loop over one value: polling, no collection' },

  // Round trips ESLint's valid cases also leave alone.
  { name: 'query in the iterable', code: 'async function foo() { for (const user of await db.user.findMany()) { console.log(user); } }', expected: [] },
  { name: 'query in a function declared in the loop', code: 'async function foo(ids, jobs) { for (const id of ids) { jobs.push(async () => await db.user.findUnique({ where: { id } })); } }', expected: [] },
  { name: 'promises collected, awaited together', code: 'async function foo(ids) { const all = []; for (const id of ids) all.push(db.user.findFirst({ where: { id } })); return Promise.all(all); }', expected: [] },
  { name: 'for await over a cursor', code: 'async function foo(cursor) { for await (const row of cursor) { await db.archive.create({ data: row }); } }', expected: [] },

  // False positives users reported against no-await-in-loop.
  { name: 'eslint#14700: await then return', code: "async function init() { for (const a of [0, 1, 2]) { if (a === 1) { await fetch('./data.json'); return; } } }", expected: [] },
  { name: 'first mirror that answers', code: 'async function foo(mirrors) { for (const url of mirrors) { const r = await fetch(url); if (r.ok) return r; } }', expected: [] },
  { name: 'eslint#10586: UI automation loop', code: 'async function search(locator) { let seen; do { seen = await this.client.isVisible(locator); if (!seen) await this.swipe(81, 700); else break; } while (!seen); }', expected: [] },
  { name: 'retries', code: 'async function foo(url) { for (let attempt = 0; attempt < 3; attempt++) { const res = await fetch(url); if (res.ok) return res.json(); } }', expected: [] },
  { name: 'rate limited on purpose', code: 'async function foo(urls) { for (const url of urls) { await fetch(url); await sleep(1000); } }', expected: [] },
  { name: 'cursor pagination', code: 'async function foo() { let cursor; do { const page = await api.get("/items", { params: { cursor } }); cursor = page.next; } while (cursor); }', expected: [] },
  { name: 'inherently serial API', code: 'async function foo(writer, chunks) { for (const chunk of chunks) await writer.write(chunk); }', expected: [] },
  { name: 'countdown', code: 'async function foo() { for (let i = 10; i > 0; i--) { render(i); await sleep(1000); } }', expected: [] },
  { name: 'ordered migrations', code: 'async function foo(migrations) { for (const m of migrations) await pool.query(m.sql); }', expected: [] },
  { name: 'routes registered in a loop', code: "for (const r of routes) app.get(r.path, async (req, res) => res.json(await db.get(req.params.id)));", expected: [] },
];

const QUERY_RULES = RULES.filter((rule) => rule.family === 'query');

describe('parity with ESLint no-await-in-loop', () => {
  for (const { name, code, expected, differs } of CASES) {
    it(`${name}${differs ? ` (differs: ${differs})` : ''}`, () => {
      const found = analyzeTyped('peer.js', code, QUERY_RULES).map((f) => f.ruleId);
      assert.deepEqual(found, expected, code);
    });
  }
});
