import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { ruleDocsUri } from '../../src/core/docs-uri.ts';
import { analyzeText } from '../../src/core/engine.ts';
import { RULES } from '../../src/core/rules/index.ts';
import { UNUSED_SUPPRESSION } from '../../src/core/suppressions.ts';
import type { BenchmarkSelectionResult, BenchmarkTargetsResult } from '../../src/server/protocol.ts';
import { BENCHMARK_SELECTION_REQUEST, BENCHMARK_TARGETS_REQUEST } from '../../src/server/protocol.ts';
import { TestClient } from './lsp-client.ts';

const UNUSED = '// perf-hints-ignore-next-line -- nothing to hide\nexport const a = 1;\n';
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

function workspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-server-')));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2023'], strict: true, module: 'ESNext', moduleResolution: 'Bundler', allowJs: true, noEmit: true },
  }));
  return dir;
}

describe('language server over stdio', () => {
  const dir = workspace();
  const uri = (name: string) => pathToFileURL(path.join(dir, name)).href;
  let settings: unknown = {};
  const client = new TestClient({ rootUri: pathToFileURL(dir).href, settings: () => settings });

  before(async () => {
    const result = await client.initialize();
    assert.equal(result.serverInfo?.name, 'perf-hints');
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0, 'exits with 0 after shutdown + exit');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes what the core reports for the same text, with LSP metadata', async () => {
    client.open(uri('open.ts'), UNUSED);
    const diagnostics = await client.current(uri('open.ts'), (d) => d.length > 0);
    const expected = analyzeText(path.join(dir, 'open.ts'), UNUSED);
    assert.deepEqual(codes(diagnostics), expected.map((f) => f.ruleId));
    assert.deepEqual(diagnostics.map((d) => d.message), expected.map((f) => f.message));
    const [unused] = diagnostics;
    assert.equal(unused.source, 'perf-hints');
    assert.deepEqual(unused.tags, [1], 'unused suppressions are tagged Unnecessary');
    assert.deepEqual(unused.range, { start: { line: 0, character: 0 }, end: { line: 0, character: UNUSED.indexOf('\n') } });
  });

  it('re-analyzes on change and publishes for the new version', async () => {
    client.change(uri('open.ts'), `export const b = 2;\n${UNUSED}${UNUSED}`);
    const diagnostics = await client.current(uri('open.ts'), (d) => d.length === 2);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), [1, 3]);
  });

  it('offers a preferred quick fix whose edit removes the diagnostic', async () => {
    const doc = client.docs.get(uri('open.ts'))!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: doc.uri }, range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, context: { diagnostics: [] },
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `a preferred fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    client.applyWorkspaceEdit(preferred.edit);
    const diagnostics = await client.current(doc.uri);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), [2]);
  });

  it('fixes every safe finding through source.fixAll.perfHints and the perfHints.fixAll command', async () => {
    client.change(uri('open.ts'), `${UNUSED}${UNUSED}${UNUSED}`);
    await client.current(uri('open.ts'), (d) => d.length === 3);
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uri('open.ts') }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.perfHints']);
    client.applyWorkspaceEdit(actions[0].edit!);
    assert.deepEqual(await client.current(uri('open.ts')), []);
    assert.equal(client.docs.get(uri('open.ts'))!.getText(), 'export const a = 1;\n'.repeat(3));

    client.change(uri('open.ts'), UNUSED);
    await client.current(uri('open.ts'), (d) => d.length === 1);
    assert.equal(await client.connection.sendRequest('workspace/executeCommand', { command: 'perfHints.fixAll', arguments: [{ uri: uri('open.ts') }] }), true);
    assert.deepEqual(await client.current(uri('open.ts')), []);
  });

  it('follows configuration changes: a rule set to off disappears, enable: false clears everything', async () => {
    client.change(uri('open.ts'), UNUSED);
    await client.current(uri('open.ts'), (d) => d.length === 1);
    settings = { rules: { [UNUSED_SUPPRESSION]: 'off' } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri('open.ts'), (d) => d.length === 0);
    settings = { rules: {} };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri('open.ts'), (d) => d.length === 1);
    settings = { enable: false };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri('open.ts'), (d) => d.length === 0);
    settings = {};
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri('open.ts'), (d) => d.length === 1);
  });

  it('reports every registered rule on its first documented example, linking its docs', { skip: RULES.length === 0 && 'no rules registered yet' }, async () => {
    RULES.forEach((rule, i) => client.open(uri(`example-${i}.ts`), rule.examples.invalid[0]));
    for (const [i, rule] of RULES.entries()) {
      const diagnostics = await client.current(uri(`example-${i}.ts`), (d) => d.some((x) => x.code === rule.id));
      const diagnostic = diagnostics.find((d) => d.code === rule.id)!;
      assert.equal(diagnostic.codeDescription?.href, ruleDocsUri(rule.id));
    }
  });

  it('ignores a finding on its line through the perfHints.ignoreLine command, with the reason given', { skip: RULES.length === 0 && 'no rules registered yet' }, async () => {
    const rule = RULES[0];
    const name = uri('ignore.ts');
    client.open(name, `function wrapper() {\n${rule.examples.invalid[0].split('\n').map((l) => `  ${l}`).join('\n')}\n}\nwrapper();\n`);
    const [diagnostic] = (await client.current(name, (d) => d.some((x) => x.code === rule.id))).filter((d) => d.code === rule.id);
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: name }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    });
    const ignore = actions.find((a) => a.command?.command === 'perfHints.ignoreLine');
    assert.ok(ignore?.command?.arguments, `an ignore action among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(ignore.title, `Ignore ${rule.id} on this line`);
    const args = { ...ignore.command.arguments[0], reason: 'measured: 3 items' };
    assert.equal(await client.connection.sendRequest('workspace/executeCommand', { command: 'perfHints.ignoreLine', arguments: [args] }), true);
    const after = await client.current(name);
    assert.ok(!after.some((d) => d.code === rule.id && d.range.start.line === diagnostic.range.start.line + 1), JSON.stringify(after));
    assert.ok(!after.some((d) => d.code === UNUSED_SUPPRESSION));
    const lines = client.docs.get(name)!.getText().split('\n');
    assert.match(lines[diagnostic.range.start.line], new RegExp(`^\\s+// perf-hints-ignore-next-line ${rule.id} -- measured: 3 items$`));
  });

  it('finds benchmark targets with the checker: generated inputs from types, a @bench tag edit where they cannot be', async () => {
    const name = uri('targets.ts');
    const text = [
      'export function total(prices: number[]): number { return prices.reduce((a, b) => a + b, 0); }',
      'export function each(f: (x: number) => void): void { f(1); }',
      'function outer() { const inner = () => 1; return inner(); }',
      'export const squares = [1, 2, 3].map((x) => x * x);',
    ].join('\n');
    client.open(name, text);
    const reply = await client.connection.sendRequest<BenchmarkTargetsResult>(BENCHMARK_TARGETS_REQUEST, { uri: name });
    assert.equal(reply.version, 1);
    assert.deepEqual(reply.targets.map((t) => [t.name, t.input.kind]), [['total', 'generated'], ['each', 'unsupported'], ['outer', 'none']]);
    assert.deepEqual(reply.targets[0].input, { kind: 'generated', params: [{ name: 'prices', type: { kind: 'array', element: { kind: 'number' } } }] });
    assert.match(reply.targets[1].benchTag?.text ?? '', /@bench/);
    const expression = '[1, 2, 3].map((x) => x * x)';
    const start = text.indexOf(expression);
    const selection = await client.connection.sendRequest<BenchmarkSelectionResult>(BENCHMARK_SELECTION_REQUEST, { uri: name, start, end: start + expression.length });
    assert.equal(selection.ok, true, JSON.stringify(selection));
  });

  it('analyzes the workspace on request, honouring .gitignore, and returns counts per rule', async () => {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'disk.ts'), UNUSED);
    fs.mkdirSync(path.join(dir, 'build'));
    fs.writeFileSync(path.join(dir, 'build', 'out.js'), UNUSED);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    const result = await client.connection.sendRequest('perfHints/analyzeWorkspace', {}) as { files: number; byRule: Record<string, number>; cancelled: boolean };
    assert.equal(result.cancelled, false);
    // The open documents of the other tests were never saved: src/disk.ts is the only file on disk.
    assert.deepEqual([result.files, result.byRule], [1, { [UNUSED_SUPPRESSION]: 1 }], 'build/ is ignored');
    const disk = await client.diagnosticsFor(uri('src/disk.ts'), (d) => d.length > 0);
    assert.deepEqual(codes(disk), [UNUSED_SUPPRESSION]);
  });
});

describe('language server without pull configuration', () => {
  it('takes settings from initializationOptions (clients such as Neovim)', async () => {
    const dir = workspace();
    const uri = pathToFileURL(path.join(dir, 'a.ts')).href;
    const client = new TestClient({ rootUri: pathToFileURL(dir).href, initializationOptions: { perfHints: { rules: { [UNUSED_SUPPRESSION]: 'error' } } } });
    try {
      await client.initialize();
      client.open(uri, UNUSED);
      const [diagnostic] = await client.current(uri, (d) => d.length > 0);
      assert.equal(diagnostic.severity, 1, 'error');
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { perfHints: { rules: { [UNUSED_SUPPRESSION]: 'off' } } } });
      await client.diagnosticsFor(uri, (d) => d.length === 0);
    } finally {
      assert.equal(await client.shutdown(), 0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

