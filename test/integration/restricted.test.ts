import assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { activate, hasRule, open, waitForDiagnostics, workspaceFile } from './helpers.ts';

suite('Restricted Mode (untrusted workspace)', () => {
  suiteSetup(activate);

  test('the workspace really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('static hints and their fixes still work', async () => {
    const { document } = await open('src/lookup.ts');
    await waitForDiagnostics(document.uri, hasRule('lookup-in-loop'), 'lookup-in-loop');
  });

  test('analyzing the workspace reads code without executing any of it', async () => {
    await vscode.commands.executeCommand('perfHints.analyzeWorkspace');
    await waitForDiagnostics(workspaceFile('src/startup.js'), hasRule('lookup-in-loop'), 'the finding in startup.js');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceFile('src/executed.marker'))), 'startup.js never ran');
  });

  test('benchmarks run nothing: the lens explains, and the command rejects', async () => {
    const { document } = await open('src/bench.ts');
    const deadline = Date.now() + 30_000;
    let titles: string[] = [];
    while (titles.length === 0 && Date.now() < deadline) {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
      titles = lenses.map((lens) => lens.command?.title ?? '').filter((title) => /Benchmark/.test(title));
      if (titles.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(titles.length > 0 && titles.every((title) => /needs a trusted workspace/.test(title)), JSON.stringify(titles));
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('perfHints.benchmarkFunction', document.uri, new vscode.Position(0, 18))),
      /only in a trusted workspace/,
    );
  });
});
