import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { RULES } from '../../src/core/rules/index.ts';
import { run, runJson, SAMPLE, tree } from './helpers.ts';

const LEVELS = ['none', 'note', 'warning', 'error'];

function assertRegion(region: Sarif.Region | undefined, where: string): void {
  assert.ok(region, `${where}: region`);
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) {
    assert.ok(Number.isInteger(region[key]) && (region[key] ?? 0) >= 1, `${where}: ${key} is a 1-based integer`);
  }
  const { startLine = 0, startColumn = 0, endLine = 0, endColumn = 0 } = region;
  assert.ok(endLine > startLine || (endLine === startLine && endColumn >= startColumn), `${where}: region ends after it starts`);
}

function assertArtifact(location: Sarif.ArtifactLocation | undefined, run: Sarif.Run, where: string): void {
  assert.ok(location?.uri, `${where}: uri`);
  assert.doesNotMatch(location.uri, /^([a-z]+:|\/)/i, `${where}: uri is relative to the checkout`);
  assert.equal(location.uriBaseId, '%SRCROOT%');
  assert.match(run.originalUriBaseIds?.['%SRCROOT%']?.uri ?? '', /^file:\/\/.*\/$/);
}

/** The SARIF 2.1.0 essentials and GitHub code scanning's required properties (docs: "SARIF support for code scanning"). */
function assertCodeScanningSarif(log: Sarif.Log): void {
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema ?? '', /^https:\/\/.*sarif-2\.1\.0.*\.json$/);
  assert.equal(log.runs.length, 1);
  const [sarifRun] = log.runs;
  const { driver } = sarifRun.tool;
  assert.equal(driver.name, 'perf-hints');
  assert.match(driver.version ?? '', /^\d+\.\d+\.\d+/);
  assert.match(driver.informationUri ?? '', /^https:\/\//);
  const rules = driver.rules ?? [];
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'rule ids are unique');
  for (const rule of rules) {
    for (const text of [rule.shortDescription?.text, rule.fullDescription?.text, rule.help?.text]) {
      assert.ok(text && text.length > 0 && text.length <= (text === rule.help?.text ? Infinity : 1024), `${rule.id}: descriptions`);
    }
    if (rule.helpUri !== undefined) assert.match(rule.helpUri, /^https:\/\/.*\.md$/);
    assert.ok(LEVELS.includes(rule.defaultConfiguration?.level ?? ''), `${rule.id}: default level`);
    assert.ok(Array.isArray(rule.properties?.tags) && rule.properties.tags.length > 0, `${rule.id}: tags`);
  }
  assert.ok(Array.isArray(sarifRun.results), 'results is present even when empty');
  for (const result of sarifRun.results ?? []) {
    const where = `${result.ruleId} result`;
    assert.ok(result.ruleIndex !== undefined && rules[result.ruleIndex]?.id === result.ruleId, `${where}: ruleIndex points at its rule`);
    assert.ok(LEVELS.includes(result.level ?? ''), `${where}: level`);
    assert.ok(result.message.text, `${where}: message`);
    assert.ok(result.locations && result.locations.length >= 1 && result.locations.length <= 10, `${where}: 1 to 10 locations`);
    for (const location of result.locations) {
      assertArtifact(location.physicalLocation?.artifactLocation, sarifRun, where);
      assertRegion(location.physicalLocation?.region, where);
    }
    assert.match(result.partialFingerprints?.primaryLocationLineHash ?? '', /^[0-9a-f]{16}:\d+$/);
    const ids = (result.relatedLocations ?? []).map((related) => related.id);
    assert.equal(new Set(ids).size, ids.length, `${where}: related location ids are unique`);
    for (const related of result.relatedLocations ?? []) {
      assert.ok(Number.isInteger(related.id) && related.message?.text, `${where}: related location id and message`);
      assertArtifact(related.physicalLocation?.artifactLocation, sarifRun, where);
      assertRegion(related.physicalLocation?.region, `${where} related`);
    }
    for (const fix of result.fixes ?? []) {
      assert.ok(fix.description?.text, `${where}: fix description`);
      for (const change of fix.artifactChanges) {
        assertArtifact(change.artifactLocation, sarifRun, where);
        for (const replacement of change.replacements) {
          assertRegion(replacement.deletedRegion, `${where} fix`);
          assert.equal(typeof replacement.insertedContent?.text, 'string');
        }
      }
    }
  }
}

describe('--format json', () => {
  it('prints one array of findings with 1-based ranges, offsets, fixes and related locations', async () => {
    const dir = tree({ 'src/names.ts': `// names\n${SAMPLE.safeFix}`, 'src/queue.js': SAMPLE.jsQueue });
    const { code, findings } = await runJson([], dir);
    assert.equal(code, 0);
    assert.deepEqual(findings.map((f) => [f.file, f.ruleId, f.family, f.severity]), [
      ['src/names.ts', 'accumulating-spread', 'quadratic', 'warning'],
      ['src/queue.js', 'shift-in-loop', 'quadratic', 'warning'],
    ]);
    const [spread, shift] = findings;
    assert.deepEqual([spread.line, spread.column], [3, 39]);
    assert.ok(spread.endLine >= spread.line && spread.end > spread.start);
    assert.equal(spread.start, `// names\n${SAMPLE.safeFix}`.indexOf('...acc'));
    assert.match(spread.message, /`acc`/);
    assert.match(spread.helpUri ?? '', /accumulating-spread\.md$/);
    const [fix] = spread.fixes;
    assert.equal(fix.safe, true);
    assert.ok(fix.title.length > 0);
    for (const edit of fix.edits) {
      assert.equal(typeof edit.newText, 'string');
      assert.ok(edit.line >= 1 && edit.column >= 1 && edit.endLine >= edit.line && edit.end >= edit.start);
    }
    assert.ok(shift.related.length > 0);
    for (const related of shift.related) assert.ok(related.message && related.line >= 1 && related.column >= 1);
  });

  it('prints an empty array when nothing is found', async () => {
    const dir = tree({ 'a.ts': SAMPLE.clean });
    assert.equal((await run(['--format', 'json'], dir)).stdout, '[]\n');
  });
});

describe('--format sarif', () => {
  it('is SARIF 2.1.0 that GitHub code scanning accepts, with fixes only for safe ones', async () => {
    const dir = tree({ 'src/safe.ts': SAMPLE.safeFix, 'src/unsafe.ts': SAMPLE.unsafeFix, 'lib/my queue.js': SAMPLE.jsQueue });
    const result = await run(['--format', 'sarif', '--rule', 'shift-in-loop=error'], dir);
    assert.equal(result.code, 1);
    const log = JSON.parse(result.stdout) as Sarif.Log;
    assertCodeScanningSarif(log);
    const results = log.runs[0].results ?? [];
    const byFile = new Map(results.map((r) => [r.locations?.[0].physicalLocation?.artifactLocation?.uri, r]));
    assert.deepEqual([...byFile.keys()].sort(), ['lib/my%20queue.js', 'src/safe.ts', 'src/unsafe.ts']);
    assert.equal(byFile.get('lib/my%20queue.js')?.level, 'error');
    assert.equal(byFile.get('src/safe.ts')?.level, 'warning');
    assert.equal(byFile.get('src/safe.ts')?.fixes?.length, 1);
    assert.equal(byFile.get('src/unsafe.ts')?.fixes, undefined, 'an unsafe fix is never offered for automatic application');
    const ruleIds = log.runs[0].tool.driver.rules?.map((r) => r.id) ?? [];
    for (const rule of RULES) assert.ok(ruleIds.includes(rule.id), `${rule.id} is described`);
    assert.deepEqual(log.runs[0].invocations?.[0].executionSuccessful, true);
  });

  it('maps hint and info to note, and fingerprints survive moved lines', async () => {
    const before = tree({ 'a.js': SAMPLE.jsQueue });
    const after = tree({ 'a.js': `\n\n// moved down\n${SAMPLE.jsQueue}` });
    const sarif = async (dir: string) =>
      (JSON.parse((await run(['--format', 'sarif', '--rule', 'shift-in-loop=hint'], dir)).stdout) as Sarif.Log).runs[0].results ?? [];
    const [first] = await sarif(before);
    const [moved] = await sarif(after);
    assert.equal(first.level, 'note');
    assert.notEqual(first.locations?.[0].physicalLocation?.region?.startLine, moved.locations?.[0].physicalLocation?.region?.startLine);
    assert.deepEqual(first.partialFingerprints, moved.partialFingerprints);
  });

  it('is valid with no results, and records unreadable paths as failed execution', async () => {
    const dir = tree({ 'a.ts': SAMPLE.clean });
    const result = await run(['--format', 'sarif', 'a.ts', 'missing.js'], dir);
    assert.equal(result.code, 2);
    const log = JSON.parse(result.stdout) as Sarif.Log;
    assertCodeScanningSarif(log);
    assert.deepEqual(log.runs[0].results, []);
    const invocation = log.runs[0].invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false);
    assert.match(invocation?.toolExecutionNotifications?.[0].message.text ?? '', /missing\.js: no such file/);
  });
});

describe('--format stylish', () => {
  it('groups findings under their file with aligned columns and a summary', async () => {
    const dir = tree({ 'src/a.js': SAMPLE.jsQueue, 'src/b.ts': SAMPLE.safeFix, 'src/c.ts': SAMPLE.clean });
    const { code, stdout } = await run([], dir);
    assert.equal(code, 0);
    const lines = stdout.split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('src/')), ['src/a.js', 'src/b.ts']);
    assert.match(lines[lines.indexOf('src/a.js') + 1], /^ {2}5:18 {2}warning {2}`queue\.shift\(\)` .+ {2}shift-in-loop$/);
    assert.match(lines[lines.indexOf('src/b.ts') + 1], /^ {2}2:39 {2}warning {2}.+ {2}accumulating-spread$/);
    assert.ok(lines.includes('✖ 2 problems (0 errors, 2 warnings)'), stdout);
    assert.ok(lines.includes('  2 problems have a safe fix: run again with --fix to apply them.'), stdout);
    assert.doesNotMatch(stdout, /\u001b\[/, 'no colors when stdout is not a terminal');
  });

  it('colors only on a terminal without NO_COLOR, and prints nothing when clean', async () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue });
    assert.match((await run([], dir, { tty: true })).stdout, /\u001b\[33mwarning/);
    assert.doesNotMatch((await run([], dir, { tty: true, env: { NO_COLOR: '1' } })).stdout, /\u001b\[/);
    assert.equal((await run([], tree({ 'a.ts': SAMPLE.clean }))).stdout, '');
  });
});
