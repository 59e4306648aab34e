import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { analyzeSourceFile } from '../../src/core/engine.ts';
import { ruleById } from '../../src/core/rules/index.ts';

/**
 * Fixtures always run with a checker; plain JavaScript outside a checkJs project runs without one, where a destructured
 * name resolves to nothing (or to an outer namesake). These look-alikes come from real code analyzed that way.
 */
const CASES: Record<string, string> = {
  'lookup-in-loop': `
const onChunks = [];
onChunks.push('a');
export const own = (startups, chunk) => startups.map(({ onChunks }) => onChunks.filter((c) => c === chunk));
export const deep = (pairs, ids) => pairs.filter(([, { meta: { owners } }]) => ids.some((id) => owners.includes(id)));
export const outer = (startups) => startups.map(({ chunks }) => onChunks.filter((c) => c === chunks)); // @expect
`,
  'shift-in-loop': `
const items = [];
items.push(1);
export function prefix(groups) {
  for (const { items } of groups) items.unshift('first');
  groups.forEach(({ list: [...rest] }) => rest.unshift('x'));
  for (const group of groups) items.unshift(group.name); // @expect
}
`,
};

for (const [id, text] of Object.entries(CASES)) {
  describe(`rule ${id} without types`, () => {
    it('reports exactly the marked lines', () => {
      const rule = ruleById(id);
      assert.ok(rule);
      const sourceFile = ts.createSourceFile('lookalikes.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
      const lines = analyzeSourceFile(sourceFile, { rules: [rule] })
        .map((f) => sourceFile.getLineAndCharacterOfPosition(f.start).line + 1);
      const expected = text.split('\n').flatMap((line, i) => (line.endsWith('// @expect') ? [i + 1] : []));
      assert.deepEqual(lines, expected);
    });
  });
}
