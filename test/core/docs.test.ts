import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/rules/index.ts';
import { readmeWithRulesTable, renderRuleDoc, ROOT, RULE_DOCS_DIR } from '../../scripts/docs.ts';
import { analyzeTyped } from './harness.ts';

describe('rule docs', () => {
  it('registry is alphabetical with unique ids', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
  });

  it('generated pages and the README rules table are up to date (run `npm run docs`)', () => {
    for (const rule of RULES) {
      const page = path.join(RULE_DOCS_DIR, `${rule.id}.md`);
      assert.ok(fs.existsSync(page), `missing ${page}`);
      assert.equal(fs.readFileSync(page, 'utf8'), renderRuleDoc(rule), `${page} is stale`);
    }
    assert.deepEqual(fs.readdirSync(RULE_DOCS_DIR).sort(), RULES.map((r) => `${r.id}.md`).sort(), 'docs/rules has pages of removed rules');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.equal(readme, readmeWithRulesTable(readme), 'README rules table is stale');
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
