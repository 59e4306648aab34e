import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/rules/index.ts';
import { analyzeTyped } from './harness.ts';

describe('rule docs', () => {
  it('registry is alphabetical with unique ids', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('documents itself', () => {
        assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
        for (const field of ['summary', 'why', 'fixSafetyNotes'] as const) assert.ok(rule[field].trim().length > 20, `${field} is missing`);
        assert.ok(rule.examples.invalid.length > 0 && rule.examples.valid.length > 0);
      });
      rule.examples.invalid.forEach((example, i) => {
        it(`invalid example ${i + 1} reports exactly once`, () => {
          const found = analyzeTyped(`example-${i}.ts`, example, [rule]).filter((f) => f.ruleId === rule.id);
          assert.equal(found.length, 1, `expected one finding in:\n${example}\ngot ${JSON.stringify(found.map((f) => f.message))}`);
        });
      });
      rule.examples.valid.forEach((example, i) => {
        it(`valid example ${i + 1} reports nothing`, () => {
          const found = analyzeTyped(`example-${i}.ts`, example, [rule]).filter((f) => f.ruleId === rule.id);
          assert.deepEqual(found.map((f) => f.message), []);
        });
      });
    });
  }
});
