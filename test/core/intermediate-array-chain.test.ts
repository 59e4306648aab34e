import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../src/core/ast/edits.ts';
import { analyzeSourceFile } from '../../src/core/engine.ts';
import { intermediateArrayChain } from '../../src/core/rules/intermediate-array-chain.ts';
import { typedSourceFile } from './harness.ts';

/** The fix the rule offers for the one chain in `text` when the project has ES2025 iterator helpers. */
function iteratorFix(text: string) {
  const { sourceFile, checker } = typedSourceFile('helpers.ts', text);
  const [finding] = analyzeSourceFile(sourceFile, { checker, rules: [intermediateArrayChain], iteratorHelpers: true });
  const fix = finding?.fixes[0];
  return fix && { safe: fix.safe, caveat: fix.caveat, text: applyEdits(text, fix.edits) };
}

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
