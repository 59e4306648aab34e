import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeText } from '../../src/core/engine.ts';
import { fixAllSafe } from '../../src/core/fix-all.ts';
import { applyEdits } from '../../src/core/ast/edits.ts';
import { RULES } from '../../src/core/rules/index.ts';
import type { Finding } from '../../src/core/types.ts';
import { fixTitle, ignoreLineEdit, wants } from '../../src/server/code-actions.ts';
import { ConfigResolver, parseClientSettings } from '../../src/server/settings.ts';
import { listWorkspaceFiles } from '../../src/server/workspace.ts';
import { analyzeTyped } from '../core/harness.ts';

const tmp = () => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-units-')));
const ignore = (file: string, text: string, line: number, reason?: string) =>
  applyEdits(text, [ignoreLineEdit(file, text, line, 'some-rule', reason)]);

describe('ignore-line edit', () => {
  it('inserts the directive above the line at its indentation, with the reason or a placeholder', () => {
    assert.equal(ignore('a.ts', 'f();\n    g();\n', 1, 'small: 3 items'), 'f();\n    // perf-hints-ignore-next-line some-rule -- small: 3 items\n    g();\n');
    assert.equal(ignore('a.ts', '\tg();', 0), '\t// perf-hints-ignore-next-line some-rule -- reason\n\tg();');
    assert.equal(ignore('a.ts', 'f();\r\n  g();\r\n', 1, 'x'), 'f();\r\n  // perf-hints-ignore-next-line some-rule -- x\r\n  g();\r\n');
  });

  it('keeps the reason on one line and cannot close a block comment', () => {
    assert.equal(ignore('a.ts', 'g();', 0, 'multi\nline */ reason'), '// perf-hints-ignore-next-line some-rule -- multi line * / reason\ng();');
  });

  it('joins a directive already above the line', () => {
    assert.equal(ignore('a.ts', '  // perf-hints-ignore-next-line other -- why\n  g();\n', 1, 'also'), '  // perf-hints-ignore-next-line other, some-rule -- why; also\n  g();\n');
    assert.equal(ignore('a.ts', '// perf-hints-ignore-next-line other\ng();\n', 1), '// perf-hints-ignore-next-line other, some-rule -- reason\ng();\n');
  });

  it('uses a JSX comment among JSX children, a block comment among attributes', () => {
    const jsx = 'const x = (\n  <ul>\n    {items.map((i) => <li>{i}</li>)}\n  </ul>\n);\n';
    assert.equal(ignore('a.tsx', jsx, 2, 'r').split('\n')[2], '    {/* perf-hints-ignore-next-line some-rule -- r */}');
    const attrs = 'const x = (\n  <Table\n    rows={rows.filter(f)}\n  />\n);\n';
    assert.equal(ignore('a.tsx', attrs, 2, 'r').split('\n')[2], '    /* perf-hints-ignore-next-line some-rule -- r */');
    const code = 'const x = <A onClick={() => {\n  run();\n}} />;\n';
    assert.equal(ignore('a.tsx', code, 1, 'r').split('\n')[1], '  // perf-hints-ignore-next-line some-rule -- r');
  });

  it('is honoured by the engine: the example finding of each rule goes away, leaving no unused suppression', { skip: RULES.length === 0 && 'no rules yet' }, () => {
    for (const rule of RULES) {
      const example = rule.examples.invalid[0];
      const [finding] = analyzeTyped('example.ts', example).filter((f) => f.ruleId === rule.id);
      const line = example.slice(0, finding.start).split('\n').length - 1;
      const suppressed = applyEdits(example, [ignoreLineEdit('example.ts', example, line, rule.id, 'measured')]);
      assert.deepEqual(analyzeTyped('example.ts', suppressed).map((f) => f.ruleId), [], `${rule.id}:\n${suppressed}`);
    }
  });
});

describe('code action helpers', () => {
  it('titles unsafe fixes with their caveat', () => {
    assert.equal(fixTitle({ title: 'Use a Set', safe: false, caveat: 'NaN is found', edits: [] }), 'Use a Set (may change behaviour: NaN is found)');
    assert.equal(fixTitle({ title: 'Use a Set', safe: true, edits: [] }), 'Use a Set');
  });

  it('matches requested kinds hierarchically', () => {
    assert.equal(wants(['source'], 'source.fixAll.perfHints'), true);
    assert.equal(wants(['source.fixAll'], 'source.fixAll.perfHints'), true);
    assert.equal(wants(['quickfix'], 'source.fixAll.perfHints'), false);
    assert.equal(wants(undefined, 'quickfix'), true);
  });
});

describe('fixAllSafe', () => {
  it('applies every safe fix over rounds and stops when nothing is left', () => {
    const text = '// perf-hints-ignore-next-line -- a\nf();\n// perf-hints-ignore-next-line -- b\ng();\n';
    const result = fixAllSafe('a.ts', text, (t) => analyzeText('a.ts', t));
    assert.deepEqual(result, { text: 'f();\ng();\n', applied: 2 });
  });

  it('never takes unsafe fixes nor two fixes declaring the same name in one round', () => {
    const rounds: string[] = [];
    const finding = (start: number, newText: string, safe = true): Finding => ({
      ruleId: 'r', family: 'quadratic', severity: 'warning', message: '', start, end: start + 1, related: [],
      fixes: [{ title: 't', safe, edits: [{ start, end: start, newText }] }],
    });
    const result = fixAllSafe('a.ts', 'a;\nb;\nc;\n', (t) => {
      rounds.push(t);
      if (rounds.length > 1) return [];
      return [finding(0, 'const s = 1;\n'), finding(3, 'const s = 2;\n'), finding(6, 'x();\n', false)];
    });
    assert.equal(result.text, 'const s = 1;\na;\nb;\nc;\n');
  });
});

describe('settings', () => {
  it('drops invalid entries with a warning instead of rejecting the section', () => {
    const warnings: string[] = [];
    const settings = parseClientSettings({ perfHints: { enable: true, rules: { a: 'warning', b: 'loud' }, families: { copy: false, nope: true }, exclude: ['gen/**', 3] } }, (w) => warnings.push(w));
    assert.deepEqual(settings, { enable: true, rules: { a: 'warning' }, families: { copy: false }, exclude: ['gen/**'] });
    assert.equal(warnings.length, 2);
  });

  it('merges editor settings over perf-hints.json, and adds up excludes', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'perf-hints.json'), JSON.stringify({ rules: { a: 'error', b: 'hint' }, exclude: ['vendor/'] }));
    const resolver = new ConfigResolver(() => undefined);
    const settings = { enable: true, rules: { a: 'off' as const }, families: {}, exclude: ['gen/**'] };
    const effective = resolver.resolve(path.join(dir, 'src', 'x.ts'), settings, dir);
    assert.deepEqual(effective.enabled && effective.config.rules, { a: 'off', b: 'hint' });
    assert.equal(resolver.resolve(path.join(dir, 'vendor', 'x.ts'), settings, dir).enabled, false);
    assert.equal(resolver.resolve(path.join(dir, 'gen', 'y', 'x.ts'), settings, dir).enabled, false);
    assert.equal(resolver.resolve(path.join(dir, 'x.ts'), { ...settings, enable: false }, dir).enabled, false);
  });

  it('reads package.json perfHints when there is no perf-hints.json', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', perfHints: { families: { query: false } } }));
    const effective = new ConfigResolver(() => undefined).resolve(path.join(dir, 'x.ts'), parseClientSettings({}, () => undefined), dir);
    assert.deepEqual(effective.enabled && effective.config.families, { query: false });
  });
});

describe('listWorkspaceFiles', () => {
  it('honours nested .gitignore files and skips node_modules', () => {
    const dir = tmp();
    const write = (file: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), '');
    };
    ['src/a.ts', 'src/b.d.ts', 'src/c.json', 'src/gen/g.ts', 'lib/keep.js', 'lib/skip.js', 'node_modules/m/i.js', 'dist/x.js'].forEach(write);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'dist/\n');
    fs.writeFileSync(path.join(dir, 'src', '.gitignore'), 'gen/\n');
    fs.writeFileSync(path.join(dir, 'lib', '.gitignore'), 'skip.js\n');
    const found = listWorkspaceFiles(dir).map((f) => path.relative(dir, f).replace(/\\/g, '/')).sort();
    assert.deepEqual(found, ['lib/keep.js', 'src/a.ts']);
  });
});

describe('editor independence', () => {
  it('imports no vscode module anywhere under src/server, nor in the built bundle', () => {
    const dir = path.join(__dirname, '..', '..', 'src', 'server');
    for (const file of fs.readdirSync(dir)) {
      assert.doesNotMatch(fs.readFileSync(path.join(dir, file), 'utf8'), /from ['"]vscode['"]|require\(['"]vscode['"]\)/, file);
    }
    const bundle = path.join(__dirname, '..', '..', 'dist', 'server.js');
    if (fs.existsSync(bundle)) assert.doesNotMatch(fs.readFileSync(bundle, 'utf8'), /require\(['"]vscode['"]\)/);
  });
});
