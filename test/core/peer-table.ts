import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../src/core/ast/edits.ts';
import { RULES } from '../../src/core/rules/index.ts';
import { analyzeTyped, syntaxErrors } from './harness.ts';

/** The rules whose patterns the peers' suites cover; other rules' findings on a case are not this table's business. */
const OVERLAPPING = ['accumulating-spread', 'intermediate-array-chain', 'lookup-in-loop', 'needless-copy'];
const rules = RULES.filter((r) => OVERLAPPING.includes(r.id));

interface Run {
  code: string;
  /** Rule ids we report on `code` (with multiplicity), analyzed as JavaScript with checkJs, or as TS when `ts` is set. */
  expect: string[];
  /** Why `expect` departs from the peer's verdict; present exactly when it does. */
  differs?: string;
  /** The snippet is TypeScript. */
  ts?: boolean;
}

export interface PeerCase extends Run {
  /** The peer's test file (repository path) the snippet comes from, verbatim. */
  source: string;
  /**
   * Our adaptation of the snippet, held to the same verdict: its free names typed by declarations, or (noted) a
   * value changed to show where the pattern we do cover starts. Always analyzed as TypeScript.
   */
  variant?: Run & { note: string };
}

export interface PeerTable {
  /** e.g. 'eslint-plugin-unicorn no-useless-spread'. */
  peer: string;
  /** Our rule for the pattern the peer rule covers. */
  rule: string;
  invalid: PeerCase[];
  valid: PeerCase[];
}

function checkRun(table: PeerTable, verdict: 'invalid' | 'valid', run: Run, fileName: string): void {
  const findings = analyzeTyped(fileName, run.code, rules);
  assert.deepEqual(findings.map((f) => f.ruleId).sort(), [...run.expect].sort(), `${fileName}:\n${run.code}`);
  const agrees = run.expect.includes(table.rule) === (verdict === 'invalid');
  assert.equal(run.differs === undefined, agrees,
    agrees ? 'matches the peer: drop `differs`' : `${table.peer} says ${verdict}: explain the difference in \`differs\``);
  for (const fix of findings.flatMap((f) => f.fixes)) {
    const fixed = applyEdits(run.code, fix.edits);
    assert.deepEqual(syntaxErrors(fileName, fixed), [], `fix "${fix.title}" broke the syntax:\n${fixed}`);
  }
}

/** One test per case and mode, plus a summary of how far we match the peer. */
export function peerTable(table: PeerTable): void {
  describe(`peer ${table.peer} → ${table.rule}`, () => {
    for (const verdict of ['invalid', 'valid'] as const) {
      table[verdict].forEach((c, i) => {
        const label = `${verdict} ${i + 1}: ${c.code.replace(/\s+/g, ' ').slice(0, 70)}`;
        it(label, () => checkRun(table, verdict, c, c.ts ? 'peer-case.ts' : 'peer-case.js'));
        const { variant } = c;
        if (variant) it(`${label} (${variant.note})`, () => checkRun(table, verdict, variant, 'peer-variant.ts'));
      });
    }
    it('summary', (t) => {
      const all = [...table.invalid, ...table.valid];
      const differing = all.filter((c) => c.differs !== undefined);
      const variants = all.flatMap((c) => (c.variant ? [c.variant] : []));
      t.diagnostic(`${table.peer}: ${all.length} cases (${table.invalid.length} invalid, ${table.valid.length} valid); ` +
        `as written we match ${all.length - differing.length}, differ on ${differing.length}; ` +
        `variants: ${variants.length}, differing ${variants.filter((v) => v.differs !== undefined).length}`);
    });
  });
}
