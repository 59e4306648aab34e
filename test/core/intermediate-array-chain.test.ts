import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../src/core/ast/edits.ts';
import { analyzeSourceFile } from '../../src/core/engine.ts';
import { intermediateArrayChain } from '../../src/core/rules/intermediate-array-chain.ts';
import { typedSourceFile } from './harness.ts';

/** The fix the rule offers for the one chain in `text` (undefined: none; null: not even a finding). */
function fixOf(text: string, iteratorHelpers: boolean, fileName = 'helpers.ts') {
  const { sourceFile, checker } = typedSourceFile(fileName, text);
  const [finding] = analyzeSourceFile(sourceFile, { checker, rules: [intermediateArrayChain], iteratorHelpers });
  if (!finding) return null;
  const fix = finding.fixes[0];
  return fix && { safe: fix.safe, caveat: fix.caveat, text: applyEdits(text, fix.edits) };
}

const iteratorFix = (text: string) => fixOf(text, true);
const generatorFix = (text: string, fileName?: string) => fixOf(text, false, fileName);

describe('intermediate-array-chain with iterator helpers', () => {
  it('chains helpers from values() and keeps callbacks as written', () => {
    const fix = iteratorFix('export const f = (xs: { a: number }[]) => xs.filter((x) => x.a > 0).map((x) => x.a * 2);');
    assert.equal(fix?.text, 'export const f = (xs: { a: number }[]) => xs.values().filter((x) => x.a > 0).map((x) => x.a * 2).toArray();');
    assert.equal(fix?.safe, false, 'xs may have holes');
  });

  it('is safe over a dense source with pure callbacks, and turns slice(0, k) into take(k)', () => {
    const fix = iteratorFix('export const f = (o: Record<string, number>) => Object.values(o).map((v) => v + 1).filter((v) => v > 2).slice(0, 3);');
    assert.equal(fix?.text, 'export const f = (o: Record<string, number>) => Object.values(o).values().map((v) => v + 1).filter((v) => v > 2).take(3).toArray();');
    assert.equal(fix?.safe, true);
  });

  it('marks early exit with effects unsafe', () => {
    const fix = iteratorFix('export const f = (o: Record<string, number>, log: (n: number) => void) => Object.values(o).map((v) => { log(v); return v; }).filter((v) => v > 2).slice(0, 3);');
    assert.equal(fix?.safe, false);
    assert.match(fix?.caveat ?? '', /stop running/);
  });

  it('offers no helper rewrite when a callback reads the array argument', () => {
    const fix = iteratorFix('export const f = (xs: number[]) => xs.map((x, i, all) => x + all.length).filter((x) => x > 1);');
    assert.equal(fix, undefined);
  });
});

describe('intermediate-array-chain without iterator helpers', () => {
  it('inlines the callbacks into one generator, the last filter wrapping the yield', () => {
    const fix = generatorFix([
      'export function names(users: { name: string; active: boolean }[]) {',
      '  return users.filter((u) => u.active).map((u) => u.name);',
      '}',
    ].join('\n'));
    assert.equal(fix?.text, [
      'export function names(users: { name: string; active: boolean }[]) {',
      '  return Array.from(function* () {',
      '    for (const u of users) {',
      '      if (u.active) yield u.name;',
      '    }',
      '  }());',
      '}',
    ].join('\n'));
    assert.equal(fix?.safe, false, 'users may have holes');
  });

  it('is safe over a dense source with pure callbacks; slice(0, k) returns after k values; comments move with their step', () => {
    const fix = generatorFix([
      'export function top(o: Record<string, { id: number; score: number }>) {',
      '  return Object.values(o)',
      '    // scored only',
      '    .filter((r) => r.score > 0)',
      '    .map((r) => {',
      '      const id = r.id; // the key',
      '      return { id };',
      '    })',
      '    .slice(0, 3);',
      '}',
    ].join('\n'));
    assert.equal(fix?.safe, true);
    assert.equal(fix?.text, [
      'export function top(o: Record<string, { id: number; score: number }>) {',
      '  return Array.from(function* () {',
      '    let count = 0;',
      '    for (const r of Object.values(o)) {',
      '      // scored only',
      '      if (!(r.score > 0)) continue;',
      '      const id = r.id; // the key',
      '      yield { id };',
      '      if (++count === 3) return;',
      '    }',
      '  }());',
      '}',
    ].join('\n'));
  });

  it('renames a parameter that clashes and counts the index a callback sees after a filter', () => {
    const fix = generatorFix('export const f = (o: Record<string, number>) => Object.values(o).map((v) => v * 2).filter((v) => v > 10).map((v, i) => v + i);');
    assert.equal(fix?.text, [
      'export const f = (o: Record<string, number>) => Array.from(function* () {',
      '  let position = 0;',
      '  for (const v of Object.values(o)) {',
      '    const v2 = v * 2;',
      '    if (!(v2 > 10)) continue;',
      '    const i = position++;',
      '    yield v2 + i;',
      '  }',
      '}());',
    ].join('\n'));
    assert.equal(fix?.safe, true);
  });

  it('marks a single callback with effects unsafe, even without slice', () => {
    const fix = generatorFix('export const f = (o: Record<string, number>, seen: number[]) => Object.values(o).filter((v) => v > seen.length).map((v) => seen.push(v));');
    assert.equal(fix?.safe, false);
    assert.match(fix?.caveat ?? '', /interleaved/);
  });

  it('keeps casts and non-null assertions on the source', () => {
    const fix = generatorFix('export const f = (o: { xs?: number[] }) => o.xs!.filter((x) => x > 0).map((x) => x * 2);');
    assert.match(fix?.text ?? '', /for \(const x of o\.xs!\)/);
  });

  it('offers no fix where inlining would change meaning', () => {
    const refused = [
      'export class C { xs: number[] = []; f() { return this.xs.filter((x) => x > 0).map((x) => x * 2); } }',
      'export async function f(load: () => Promise<number[]>) { return (await load()).filter((x) => x > 0).map((x) => x * 2); }',
      'export const f = (xs: number[]) => xs.map((x, i, all) => x + all.length).filter((x) => x > 1);',
      'export const f = (xs: number[]) => xs.map((x) => { if (x > 1) return 1; return x; }).filter((x) => x > 0);',
      'export const f = (xs: (number | string)[]) => xs.filter((x): x is number => typeof x === "number").map((x) => x + 1);',
      'export const f = (xs: number[], g: (n: number) => boolean) => xs.filter(g).map((x) => x + 1);',
      'export const f = (xs: { a: number }[], b: number) => xs.filter((a) => a.a > 0).map((x) => x.a + a);\nconst a = 1;',
    ];
    for (const text of refused) assert.equal(generatorFix(text), undefined, text);
  });

  it('rewrites JavaScript the same way', () => {
    const fix = generatorFix('export function f(byId) {\n  return Object.values(byId).filter((x) => x.ok).map((x) => x.id);\n}', 'helpers.js');
    assert.equal(fix?.safe, true);
    assert.match(fix?.text ?? '', /for \(const x of Object\.values\(byId\)\) \{\n      if \(x\.ok\) yield x\.id;/);
  });
});
