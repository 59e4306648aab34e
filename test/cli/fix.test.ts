import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run, runJson, SAMPLE, tree } from './helpers.ts';

describe('--fix', () => {
  it('applies safe fixes only, rewrites the file, and reports what remains', async () => {
    const dir = tree({ 'src/safe.ts': SAMPLE.safeFix, 'src/unsafe.ts': SAMPLE.unsafeFix, 'src/clean.ts': SAMPLE.clean });
    const before = (await runJson([], dir)).findings;
    assert.deepEqual(before.map((f) => [f.file, f.fixes.map((fix) => fix.safe)]), [
      ['src/safe.ts', [true]],
      ['src/unsafe.ts', [false]],
    ]);
    const cleanStat = fs.statSync(path.join(dir, 'src/clean.ts'));

    const { code, findings } = await runJson(['--fix'], dir);
    assert.equal(code, 0);
    assert.deepEqual(findings.map((f) => f.file), ['src/unsafe.ts'], 'the unsafe finding remains');
    const safe = fs.readFileSync(path.join(dir, 'src/safe.ts'), 'utf8');
    assert.doesNotMatch(safe, /\[\.\.\.acc/);
    assert.match(safe, /acc\.push\(user\.name\)/);
    assert.equal(fs.readFileSync(path.join(dir, 'src/unsafe.ts'), 'utf8'), SAMPLE.unsafeFix);
    assert.equal(fs.statSync(path.join(dir, 'src/clean.ts')).mtimeMs, cleanStat.mtimeMs, 'untouched files are not rewritten');

    const again = await runJson(['--fix'], dir);
    assert.deepEqual(again.findings.map((f) => f.file), ['src/unsafe.ts']);
    assert.equal(fs.readFileSync(path.join(dir, 'src/safe.ts'), 'utf8'), safe, 'a second run changes nothing');
  });

  it('fixes several findings in one file, in rounds, without overlapping edits', async () => {
    const text = `${SAMPLE.jsQueue}\n${SAMPLE.jsQueue.replace('visit', 'visitAgain')}`;
    const dir = tree({ 'a.js': text });
    assert.equal((await runJson([], dir)).findings.length, 2);
    const { findings } = await runJson(['--fix'], dir);
    assert.deepEqual(findings, []);
    const fixed = fs.readFileSync(path.join(dir, 'a.js'), 'utf8');
    assert.doesNotMatch(fixed, /\.shift\(\)/);
  });

  it('reports the remaining findings in stylish output without suggesting --fix again', async () => {
    const dir = tree({ 'unsafe.ts': SAMPLE.unsafeFix });
    const { stdout } = await run(['--fix'], dir);
    assert.match(stdout, /accumulating-spread/);
    assert.doesNotMatch(stdout, /--fix/);
  });
});
