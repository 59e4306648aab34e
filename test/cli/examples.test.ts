import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FAMILIES } from '../../src/core/types.ts';
import { ROOT, runJson } from './helpers.ts';

/** The classic cases examples/README.md promises, by file and rule. */
const PROMISED: [string, string][] = [
  ['examples/src/utils/dedupe.js', 'pairwise-nested-loop'],
  ['examples/src/reports/sales-report.js', 'needless-copy'],
  ['examples/src/services/user-directory.js', 'query-in-loop'],
];

describe('examples/', () => {
  it('reports all three families, including the classic JS cases', async () => {
    const { code, findings, stderr } = await runJson(['examples/'], ROOT);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    const families = new Set(findings.map((f) => f.family));
    for (const family of FAMILIES) assert.ok(families.has(family), `no ${family} finding in examples/`);
    for (const [file, ruleId] of PROMISED) {
      assert.ok(findings.some((f) => f.file === file && f.ruleId === ruleId), `${file} should report ${ruleId}`);
    }
  });

  it('has a README entry for every example file', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'examples', 'README.md'), 'utf8');
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(path.join(ROOT, 'examples', 'src'))) {
      const rel = path.relative(path.join(ROOT, 'examples'), file).split(path.sep).join('/');
      assert.ok(readme.includes(`\`${rel}\``), `examples/README.md does not mention ${rel}`);
    }
  });
});
