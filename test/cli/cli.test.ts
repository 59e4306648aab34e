import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/rules/index.ts';
import type { JsonFinding } from '../../src/cli/format/json.ts';
import { CLI_BUNDLE, run, runJson, SAMPLE, tree } from './helpers.ts';

describe('exit codes and usage', () => {
  it('exits 0 without error-severity findings, 1 with one', async () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue, 'b.ts': SAMPLE.clean });
    assert.equal((await run([], dir)).code, 0);
    assert.equal((await run(['b.ts'], dir)).code, 0);
    const loud = await run(['--rule', 'shift-in-loop=error'], dir);
    assert.equal(loud.code, 1);
    assert.match(loud.stdout, /error/);
  });

  it('exits 2 with a one-line message on bad usage', async () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue });
    for (const argv of [['--bogus'], ['--format', 'xml'], ['--rule', 'shift-in-loop=loud'], ['--rule', 'shift-in-loop'], ['--rule', 'no-such-rule=off']]) {
      const result = await run(argv, dir);
      assert.equal(result.code, 2, argv.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^perf-hints: .+\n/, argv.join(' '));
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.match((await run(['--rule', 'shift-in-lop=off'], dir)).stderr, /did you mean "shift-in-loop"/);
  });

  it('exits 2 on a bad config file', async () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue, 'perf-hints.json': '{ "rules": { "shift-in-loop": "loud" } }' });
    const result = await run([], dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /perf-hints\.json: rules\.shift-in-loop must be one of/);
    const typo = tree({ 'a.js': SAMPLE.jsQueue, 'perf-hints.json': '{ "rules": { "shift-in-lop": "off" } }' });
    assert.match((await run([], typo)).stderr, /unknown rule "shift-in-lop"/);
    const broken = tree({ 'a.js': SAMPLE.jsQueue, 'perf-hints.json': '{ "rules": ' });
    assert.equal((await run([], broken)).code, 2);
    assert.equal((await run(['--config', 'missing.json'], dir)).code, 2);
  });

  it('prints help and version', async () => {
    const dir = tree({});
    const help = await run(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: perf-hints \[paths…\]/);
    const version = await run(['--version'], dir);
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });

  it('reports a missing path in one line, analyzes the others, and exits 2', async () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue });
    fs.symlinkSync(path.join(dir, 'gone.js'), path.join(dir, 'dangling.js'));
    const result = await runJson(['nope.js', 'a.js', 'dangling.js'], dir);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'perf-hints: nope.js: no such file or directory\nperf-hints: dangling.js: no such file or directory\n');
    assert.deepEqual(result.findings.map((f) => f.file), ['a.js']);
  });

  it('reports an unreadable file and goes on', () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue, 'b.js': SAMPLE.jsQueue });
    fs.chmodSync(path.join(dir, 'b.js'), 0);
    // Root reads any file: as root, run the built CLI without the capabilities that bypass file modes.
    const dropCaps = ['--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search'];
    const [command, args] = process.getuid?.() === 0
      ? ['setpriv', [...dropCaps, process.execPath, CLI_BUNDLE, '--format', 'json']]
      : [process.execPath, [CLI_BUNDLE, '--format', 'json']];
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, 'perf-hints: b.js: cannot read file (permission denied)\n');
    assert.deepEqual((JSON.parse(result.stdout) as JsonFinding[]).map((f) => f.file), ['a.js']);
  });

  it('keeps going when a rule throws, naming the rule and the file', async () => {
    const rule = RULES.find((r) => r.id === 'shift-in-loop');
    assert.ok(rule);
    const original = rule.check;
    rule.check = () => {
      throw new Error('boom');
    };
    try {
      // The rule is called on calls it names (`shift`, …) only: b.ts gets one outside any loop.
      const dir = tree({ 'a.js': SAMPLE.jsQueue, 'b.ts': `${SAMPLE.safeFix}export const first = (xs: number[]) => xs.shift();\n` });
      const result = await runJson([], dir);
      assert.equal(result.code, 0);
      assert.match(result.stderr, /^perf-hints: rule shift-in-loop failed on a\.js and was skipped for that file: boom$/m);
      assert.match(result.stderr, /^perf-hints: rule shift-in-loop failed on b\.ts and was skipped for that file: boom$/m);
      assert.deepEqual(result.findings.map((f) => f.ruleId), ['accumulating-spread']);
    } finally {
      rule.check = original;
    }
  });
});

describe('files', () => {
  it('walks folders for JS/TS files, skipping node_modules, .git and .d.ts', async () => {
    const dir = tree({
      'src/a.js': SAMPLE.jsQueue,
      'src/b.mjs': SAMPLE.jsQueue,
      'src/c.d.ts': 'export declare const x: number;\n',
      'src/notes.md': '# not code',
      'node_modules/dep/index.js': SAMPLE.jsQueue,
      '.git/hooks/x.js': SAMPLE.jsQueue,
    });
    const { findings } = await runJson([], dir);
    assert.deepEqual(findings.map((f) => f.file), ['src/a.js', 'src/b.mjs']);
  });

  it('respects .gitignore files, nested ones relative to their folder, and negations', async () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n*.gen.js\n',
      'src/a.js': SAMPLE.jsQueue,
      'src/x.gen.js': SAMPLE.jsQueue,
      'build/out.js': SAMPLE.jsQueue,
      'lib/.gitignore': 'local.js\n/top.js\n!keep.gen.js\n',
      'lib/local.js': SAMPLE.jsQueue,
      'lib/deep/local.js': SAMPLE.jsQueue,
      'lib/top.js': SAMPLE.jsQueue,
      'lib/deep/top.js': SAMPLE.jsQueue,
      'lib/keep.gen.js': SAMPLE.jsQueue,
    });
    const { findings } = await runJson([], dir);
    assert.deepEqual(findings.map((f) => f.file), ['lib/deep/top.js', 'lib/keep.gen.js', 'src/a.js']);
    // Walking a subfolder applies the .gitignore files above it too.
    assert.deepEqual((await runJson(['lib'], dir)).findings.map((f) => f.file), ['lib/deep/top.js', 'lib/keep.gen.js']);
  });

  it('warns about an explicitly named ignored path and skips it unless --no-ignore', async () => {
    const dir = tree({ '.git/HEAD': '', '.gitignore': 'build/\n', 'build/out.js': SAMPLE.jsQueue, 'node_modules/dep/index.js': SAMPLE.jsQueue });
    const skipped = await runJson(['build/out.js', 'build'], dir);
    assert.equal(skipped.code, 0);
    assert.deepEqual(skipped.findings, []);
    assert.equal(
      skipped.stderr,
      'perf-hints: warning: build/out.js: ignored by .gitignore; use --no-ignore to analyze it\n' +
        'perf-hints: warning: build: ignored by .gitignore; use --no-ignore to analyze it\n',
    );
    const forced = await runJson(['--no-ignore', 'build/out.js', 'node_modules/dep/index.js'], dir);
    assert.deepEqual(forced.findings.map((f) => f.file), ['build/out.js', 'node_modules/dep/index.js']);
    assert.equal(forced.stderr, '');
  });

  it('applies the config\'s exclude patterns relative to the config file', async () => {
    const dir = tree({
      'perf-hints.json': JSON.stringify({ exclude: ['generated/', 'src/**/*.fixture.js'] }),
      'generated/a.js': SAMPLE.jsQueue,
      'src/b.fixture.js': SAMPLE.jsQueue,
      'src/c.js': SAMPLE.jsQueue,
    });
    assert.deepEqual((await runJson([], path.join(dir, 'src'))).findings.map((f) => f.file), ['c.js']);
    assert.deepEqual((await runJson([], dir)).findings.map((f) => f.file), ['src/c.js']);
  });
});

describe('config precedence', () => {
  const severityIn = async (dir: string, argv: string[] = []) =>
    (await runJson(argv, dir)).findings.find((f) => f.ruleId === 'shift-in-loop')?.severity ?? 'off';

  it('uses the package.json "perfHints" key', async () => {
    const dir = tree({ 'package.json': JSON.stringify({ name: 'x', perfHints: { rules: { 'shift-in-loop': 'error' } } }), 'a.js': SAMPLE.jsQueue });
    assert.equal(await severityIn(dir), 'error');
  });

  it('prefers perf-hints.json to package.json in the same folder, and finds it from a subfolder', async () => {
    const dir = tree({
      'package.json': JSON.stringify({ perfHints: { rules: { 'shift-in-loop': 'error' } } }),
      'perf-hints.json': JSON.stringify({ rules: { 'shift-in-loop': 'info' } }),
      'src/a.js': SAMPLE.jsQueue,
    });
    assert.equal(await severityIn(dir), 'info');
    assert.equal(await severityIn(path.join(dir, 'src')), 'info');
  });

  it('lets --rule override the file, and --config replace the search', async () => {
    const dir = tree({
      'perf-hints.json': JSON.stringify({ rules: { 'shift-in-loop': 'info' } }),
      'strict.json': JSON.stringify({ rules: { 'shift-in-loop': 'error' } }),
      'a.js': SAMPLE.jsQueue,
    });
    assert.equal(await severityIn(dir, ['--rule', 'shift-in-loop=hint']), 'hint');
    assert.equal(await severityIn(dir, ['--rule', 'shift-in-loop=off']), 'off');
    assert.equal(await severityIn(dir, ['--config', 'strict.json']), 'error');
    assert.equal(await severityIn(dir, ['--config', 'strict.json', '--rule', 'shift-in-loop=warning']), 'warning');
  });

  it('turns whole families off', async () => {
    const dir = tree({ 'perf-hints.json': JSON.stringify({ families: { quadratic: false } }), 'a.js': SAMPLE.jsQueue });
    assert.equal(await severityIn(dir), 'off');
  });
});

describe('bundle', () => {
  it('is an executable node script whose bundle loads typescript from node_modules, never vscode', () => {
    const launcher = fs.readFileSync(CLI_BUNDLE, 'utf8');
    assert.ok(launcher.startsWith('#!/usr/bin/env node\n'));
    assert.ok(fs.statSync(CLI_BUNDLE).mode & 0o111, 'executable');
    assert.ok(launcher.length < 50_000, `the launcher is ${launcher.length} bytes: it loads the bundle, it is not one`);
    const bundle = fs.readFileSync(path.join(path.dirname(CLI_BUNDLE), 'cli-bundle.js'), 'utf8');
    assert.match(bundle, /require\("typescript"\)/);
    for (const text of [launcher, bundle]) assert.doesNotMatch(text, /require\("vscode"\)/);
    assert.ok(bundle.length < 2_000_000, `bundle is ${bundle.length} bytes: typescript must stay external`);
  });

  it('runs as a process with the documented exit codes', () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue });
    const ok = spawnSync(CLI_BUNDLE, ['--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).length, 1);
    const loud = spawnSync(process.execPath, [CLI_BUNDLE, '--rule', 'shift-in-loop=error'], { cwd: dir, encoding: 'utf8' });
    assert.equal(loud.status, 1);
    const bad = spawnSync(process.execPath, [CLI_BUNDLE, '--nope'], { cwd: dir, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.split('\n')[0], "perf-hints: Unknown option '--nope'");
  });
});
