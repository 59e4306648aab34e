import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { applyEdits } from '../../src/core/ast/edits.ts';
import { analyzeText } from '../../src/core/engine.ts';
import { parseConfig, ConfigError } from '../../src/core/config.ts';
import type { Rule } from '../../src/core/types.ts';

/** Reports every call to a function named `slow`; enough to exercise the engine without real rules. */
const slowCall: Rule = {
  id: 'slow-call',
  family: 'quadratic',
  defaultSeverity: 'warning',
  fixSafety: 'none',
  types: 'none',
  summary: 'test rule',
  why: 'test rule',
  fixSafetyNotes: 'test rule',
  examples: { invalid: [], valid: [] },
  kinds: [ts.SyntaxKind.CallExpression],
  check(node, context) {
    const call = node as ts.CallExpression;
    if (ts.isIdentifier(call.expression) && call.expression.text === 'slow') context.report({ node: call, message: 'slow' });
  },
};

const throwing: Rule = { ...slowCall, id: 'throwing', check: () => { throw new Error('boom'); } };

const run = (text: string, config = {}) =>
  analyzeText('file.ts', text, { rules: [slowCall], config: parseConfig(config, 'test') });

describe('engine', () => {
  it('reports with the rule id, family and default severity', () => {
    const [finding] = run('slow();');
    assert.deepEqual([finding.ruleId, finding.family, finding.severity, finding.start, finding.end], ['slow-call', 'quadratic', 'warning', 0, 6]);
  });

  it('applies severity settings and family toggles', () => {
    assert.equal(run('slow();', { rules: { 'slow-call': 'error' } })[0].severity, 'error');
    assert.deepEqual(run('slow();', { rules: { 'slow-call': 'off' } }), []);
    assert.deepEqual(run('slow();', { families: { quadratic: false } }), []);
  });

  it('keeps analyzing when a rule throws, and tells the host', () => {
    const errors: string[] = [];
    const findings = analyzeText('file.ts', 'slow(); slow();', {
      rules: [throwing, slowCall],
      onRuleError: (rule, error) => errors.push(`${rule.id}: ${(error as Error).message}`),
    });
    assert.equal(findings.length, 2);
    assert.deepEqual(errors, ['throwing: boom']);
  });
});

describe('dispatch by name', () => {
  /** Records which call or property access it was called on, to see what the engine hands each rule. */
  const recorder = (id: string, names: Partial<Pick<Rule, 'kinds' | 'calls' | 'properties'>>, seen: string[]): Rule => ({
    ...slowCall,
    id,
    kinds: [ts.SyntaxKind.CallExpression, ts.SyntaxKind.PropertyAccessExpression],
    ...names,
    check(node) {
      const callee = ts.isCallExpression(node) ? node.expression : node;
      seen.push(`${id}:${callee.getText()}`);
    },
  });

  it('calls a rule only on the names it lists, in rule order, and every name for rules that list none', () => {
    const seen: string[] = [];
    const rules = [
      recorder('a', { kinds: [ts.SyntaxKind.CallExpression], calls: ['map'] }, seen),
      recorder('b', {}, seen),
      recorder('c', { calls: ['map', 'filter'], properties: ['length'] }, seen),
    ];
    analyzeText('file.ts', "xs.map(f);\nxs['filter'](g);\n(xs.other as any)();\nf();\nxs.length;", { rules });
    assert.deepEqual(seen, [
      'a:xs.map', 'b:xs.map', 'c:xs.map', 'b:xs.map',
      'b:xs[\'filter\']', 'c:xs[\'filter\']',
      'b:(xs.other as any)', 'b:xs.other',
      'b:f',
      'b:xs.length', 'c:xs.length',
    ]);
  });
});

describe('suppressions', () => {
  it('next-line comment hides the finding on the following line only', () => {
    const text = '// perf-hints-ignore-next-line slow-call -- measured: 3 items\nslow();\nslow();';
    const findings = run(text);
    assert.deepEqual(findings.map((f) => f.ruleId), ['slow-call']);
    assert.equal(text.slice(findings[0].start, findings[0].end), 'slow()');
    assert.ok(findings[0].start > text.indexOf('slow();\nslow') + 1);
  });

  it('file-level comment hides the rule everywhere, other rules stay', () => {
    assert.deepEqual(run('/* perf-hints-ignore-file slow-call -- legacy module */\nslow();\nslow();'), []);
  });

  it('without rule ids it covers every rule', () => {
    assert.deepEqual(run('// perf-hints-ignore-next-line\nslow();'), []);
  });

  it('reports unused suppressions with a fix that removes them', () => {
    const text = 'fast();\n// perf-hints-ignore-next-line slow-call -- stale\nfast();\n';
    const [finding] = run(text);
    assert.equal(finding.ruleId, 'unused-suppression');
    assert.equal(finding.family, 'meta');
    assert.equal(applyEdits(text, finding.fixes[0].edits), 'fast();\nfast();\n');
  });

  it('a suppression naming another rule does not apply', () => {
    const ids = run('// perf-hints-ignore-next-line other-rule -- x\nslow();').map((f) => f.ruleId).sort();
    assert.deepEqual(ids, ['slow-call', 'unused-suppression']);
  });

  it('ignores the directive inside strings', () => {
    assert.deepEqual(run('const s = "perf-hints-ignore-next-line";\nslow();').map((f) => f.ruleId), ['slow-call']);
  });

  it('unused-suppression reports can be turned off', () => {
    assert.deepEqual(run('// perf-hints-ignore-next-line slow-call\nfast();', { rules: { 'unused-suppression': 'off' } }), []);
  });
});

describe('config', () => {
  it('names the offending key', () => {
    assert.throws(() => parseConfig({ rules: { x: 'loud' } }, 'perf-hints.json'), (e: Error) => e instanceof ConfigError && /rules\.x/.test(e.message));
    assert.throws(() => parseConfig({ rulez: {} }, 'perf-hints.json'), /unknown key "rulez"/);
    assert.throws(() => parseConfig({ families: { speed: true } }, 'perf-hints.json'), /families\.speed/);
  });
});
