import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../src/core/ast/edits.ts';
import { RULES } from '../../src/core/rules/index.ts';
import type { Finding, Rule } from '../../src/core/types.ts';
import { analyzeTyped, loadModule, seededRandom, syntaxErrors } from './harness.ts';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
/** A line that must report ends with this marker; every other line must not. */
const MARKER = /\/\/ @expect\s*$/;

function fixtureFiles(rule: Rule, kind: 'invalid' | 'valid' | 'equivalence'): string[] {
  const dir = path.join(FIXTURES, rule.id);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.startsWith(kind) && /\.[cm]?[jt]sx?$/.test(f)).map((f) => path.join(dir, f));
}

function linesWithFindings(text: string, findings: Finding[]): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineOf = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return line + 1;
  };
  return [...new Set(findings.map((f) => lineOf(f.start)))].sort((a, b) => a - b);
}

function render(text: string, findings: Finding[]): string {
  return findings
    .map((f) => {
      const line = text.slice(0, f.start).split('\n').length;
      const fixes = f.fixes.map((x) => `  fix (${x.safe ? 'safe' : 'unsafe'}): ${x.title}${x.caveat ? ` — ${x.caveat}` : ''}`);
      const related = f.related.map((r) => `  related: ${r.message}`);
      return [`${line}: ${f.message}`, ...related, ...fixes].join('\n');
    })
    .join('\n');
}

for (const rule of RULES) {
  describe(`rule ${rule.id}`, () => {
    const invalidFiles = fixtureFiles(rule, 'invalid');
    const validFiles = fixtureFiles(rule, 'valid');

    it('has invalid and valid fixtures', () => {
      assert.ok(invalidFiles.length > 0, `add test/fixtures/rules/${rule.id}/invalid.ts`);
      assert.ok(validFiles.length > 0, `add test/fixtures/rules/${rule.id}/valid.ts`);
    });

    for (const file of invalidFiles) {
      const text = fs.readFileSync(file, 'utf8');
      const findings = analyzeTyped(file, text, [rule]).filter((f) => f.ruleId === rule.id);
      const expected = text.split('\n').flatMap((line, i) => (MARKER.test(line) ? [i + 1] : []));

      it(`${path.basename(file)}: reports exactly the marked lines`, () => {
        assert.deepEqual(linesWithFindings(text, findings), expected);
      });

      it(`${path.basename(file)}: messages match the snapshot`, () => {
        const snapshot = file.replace(/\.[cm]?[jt]sx?$/, '.snap');
        const rendered = `${render(text, findings)}\n`;
        if (process.env.UPDATE_SNAPSHOTS || !fs.existsSync(snapshot)) fs.writeFileSync(snapshot, rendered);
        assert.equal(rendered, fs.readFileSync(snapshot, 'utf8'));
      });

      it(`${path.basename(file)}: every fix re-parses and removes its finding`, () => {
        for (const finding of findings) {
          for (const fix of finding.fixes) {
            const fixed = applyEdits(text, fix.edits);
            assert.deepEqual(syntaxErrors(file, fixed), [], `fix "${fix.title}" broke the syntax:\n${fixed}`);
            const after = analyzeTyped(file, fixed, [rule]).filter((f) => f.ruleId === rule.id);
            assert.ok(after.length < findings.length, `fix "${fix.title}" left the finding in place:\n${fixed}`);
          }
        }
      });
    }

    for (const file of validFiles) {
      it(`${path.basename(file)}: reports nothing`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const findings = analyzeTyped(file, text, [rule]).filter((f) => f.ruleId === rule.id);
        assert.equal(render(text, findings), '');
      });
    }

    for (const file of fixtureFiles(rule, 'equivalence')) {
      it(`${path.basename(file)}: safe fixes keep every function's results on generated inputs`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const findings = analyzeTyped(file, text, [rule]).filter((f) => f.ruleId === rule.id);
        const edits = findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1)).flatMap((x) => x.edits);
        assert.ok(edits.length > 0, 'equivalence fixture must offer at least one safe fix');
        const fixed = applyEdits(text, edits);
        assert.equal(analyzeTyped(file, fixed, [rule]).filter((f) => f.ruleId === rule.id && f.fixes.some((x) => x.safe)).length, 0,
          `safe fixes left findings behind:\n${fixed}`);
        const before = loadModule(file, text);
        const after = loadModule(file, fixed);
        const inputs = before.inputs as (random: () => number) => Record<string, unknown[][]>;
        assert.equal(typeof inputs, 'function', 'equivalence fixture must export inputs(random)');
        const cases = inputs(seededRandom(42));
        for (const [name, argLists] of Object.entries(cases)) {
          for (const args of argLists) {
            const expected = (before[name] as (...a: unknown[]) => unknown)(...structuredClone(args));
            const actual = (after[name] as (...a: unknown[]) => unknown)(...structuredClone(args));
            // Each module runs in its own vm realm; cloning brings both results into this realm so
            // deepEqual compares contents rather than the realms' distinct Array/Object prototypes.
            assert.deepEqual(structuredClone(actual), structuredClone(expected), `${name}(${JSON.stringify(args).slice(0, 200)}) changed after the fix:\n${fixed}`);
          }
        }
      });
    }
  });
}
