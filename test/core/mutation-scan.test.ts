/**
 * `mayBeMutatedIn` finds a name's occurrences by searching the scope's text and entering the tree only
 * at each hit. These tests pin the cases where text and tree disagree (comments, strings, longer names,
 * Unicode escapes), and compare it, on every fixture and example, with a walk over every node.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { isWriteOrEscape, mayBeMutatedIn, referenceText } from '../../src/core/ast/collections.ts';
import { clearNodeMemos } from '../../src/core/ast/memo.ts';
import { parse } from '../../src/core/engine.ts';
import { analyzableFiles, ROOT } from './harness.ts';

function mutated(code: string, reference: string): boolean {
  clearNodeMemos();
  return mayBeMutatedIn(reference, parse('sample.ts', code));
}

describe('mayBeMutatedIn', () => {
  it('sees writes, mutating calls and escapes, wherever they are nested', () => {
    assert.equal(mutated('const items = [1, 2];\nfunction f() { items.push(3); }', 'items'), true);
    assert.equal(mutated('let items = [1];\nif (x) { items = []; }', 'items'), true);
    assert.equal(mutated('const items = [1];\nitems[0] = 2;', 'items'), true);
    assert.equal(mutated('const items = [1];\nkeep(items);', 'items'), true);
    assert.equal(mutated('class A { items = [1]; add() { this.items.push(2); } }', 'this.items'), true);
  });

  it('ignores reads, other names that contain the name, comments and strings', () => {
    const code = [
      'const items = [1, 2];',
      '// items.push(3)',
      '/* items = [] */',
      "const s = 'items.push(4)';",
      'const t = `items.pop() ${items.length}`;',
      'myItems.push(5); items2.push(6); other.items.push(7);',
      'console.log(items, JSON.stringify(items), items.includes(1));',
    ].join('\n');
    assert.equal(mutated(code, 'items'), false);
    assert.equal(mutated(code, 'this.items'), false);
    assert.equal(mutated(code, 'other.items'), true);
  });

  it('finds a name spelled with a Unicode escape', () => {
    assert.equal(mutated('const items = [1];\n\\u0069tems.push(2);', 'items'), true);
    assert.equal(mutated("const items = [1];\nconst s = '\\u0041';\nitems.sort();", 'items'), true);
    assert.equal(mutated("const items = [1];\nconst s = '\\u0041';\nitems.at(0);", 'items'), false);
  });

  it('answers as a walk over every node does, on every fixture and example', () => {
    let compared = 0;
    for (const file of analyzableFiles('test/fixtures', 'examples')) {
      const sourceFile = parse(file, fs.readFileSync(file, 'utf8'));
      const references = new Set<string>();
      const scopes: ts.Node[] = [sourceFile];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
          const text = referenceText(node);
          if (text !== undefined) references.add(text);
        }
        if (ts.isBlock(node)) scopes.push(node);
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
      clearNodeMemos();
      for (const scope of scopes.slice(0, 20)) {
        for (const reference of references) {
          assert.equal(mayBeMutatedIn(reference, scope), mutatedByWalk(reference, scope), `${path.relative(ROOT, file)}: ${reference} at ${scope.pos}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 10_000, `${compared} comparisons`);
  });
});

/** The reference answer: visit every node of the scope. */
function mutatedByWalk(reference: string, scope: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) {
      const whole = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : node;
      if (referenceText(whole as ts.Expression) === reference && isWriteOrEscape(whole as ts.Expression)) found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}
