import assert from 'node:assert/strict';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activate, apply, codeActions, codeOf, hasRule, open, revert, setSetting, waitForDiagnostics, workspaceFile } from './helpers.ts';

suite('Diagnostics and quick fixes in a real VS Code', () => {
  suiteSetup(activate);

  teardown(async () => {
    await setSetting('rules', undefined);
    await setSetting('families', undefined);
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) await revert(document);
  });

  test('a lookup in a loop is reported with its rule id, range, severity, docs link and related locations', async () => {
    const { document } = await open('src/lookup.ts');
    const [diagnostic] = await waitForDiagnostics(document.uri, hasRule('lookup-in-loop'), 'lookup-in-loop');
    assert.equal(codeOf(diagnostic), 'lookup-in-loop');
    assert.deepEqual(diagnostic.range, new vscode.Range(8, 8, 8, 35));
    assert.equal(document.getText(diagnostic.range), 'activeIds.includes(user.id)');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /`activeIds\.includes` runs once per element of `users`/);
    const target = typeof diagnostic.code === 'object' ? diagnostic.code.target : undefined;
    assert.ok(target, 'the code links to the rule docs');
    assert.ok(target?.path.endsWith('/docs/rules/lookup-in-loop.md'), `docs link: ${target?.toString()}`);
    await vscode.workspace.fs.stat(target); // the bundled page exists: the link works offline
    assert.ok((diagnostic.relatedInformation?.length ?? 0) > 0, 'related locations (the loop) are attached');
  });

  test('the safe fix is the preferred quick fix; applying it rewrites the code and clears the diagnostic', async () => {
    const editor = await open('src/lookup.ts');
    const [diagnostic] = await waitForDiagnostics(editor.document.uri, hasRule('lookup-in-loop'), 'lookup-in-loop');
    const actions = await codeActions(editor.document.uri, diagnostic.range);
    const titles = actions.map((action) => action.title);
    const preferred = actions.filter((action) => action.isPreferred);
    assert.equal(preferred.length, 1, `one preferred quick fix among ${JSON.stringify(titles)}`);
    assert.match(preferred[0].title, /Set `activeIdSet`/);
    assert.ok(titles.includes('Disable lookup-in-loop in workspace settings'), JSON.stringify(titles));
    assert.ok(titles.includes('Show documentation for lookup-in-loop'), JSON.stringify(titles));
    assert.ok(titles.some((title) => /^Ignore lookup-in-loop on this line/.test(title)), JSON.stringify(titles));

    await apply(preferred[0]);
    const text = editor.document.getText();
    assert.match(text, /const activeIdSet = new Set\(activeIds\);/);
    assert.match(text, /if \(activeIdSet\.has\(user\.id\)\) result\.push\(user\);/);
    await waitForDiagnostics(editor.document.uri, (d) => !hasRule('lookup-in-loop')(d), 'the diagnostic to go away');
  });

  test('a fix that changes semantics is offered as a plain suggestion stating its caveat', async () => {
    const { document } = await open('src/orders.ts');
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.filter((x) => codeOf(x) === 'query-in-loop').length === 2, 'two query-in-loop findings');
    const prisma = diagnostics.find((d) => d.range.start.line === 20);
    assert.ok(prisma, 'the Prisma findUnique in the loop is reported on its line');
    const fixes = (await codeActions(document.uri, prisma.range)).filter((action) => action.edit);
    assert.equal(fixes.length, 1, `the batched findMany form is offered: ${JSON.stringify(fixes.map((a) => a.title))}`);
    assert.notEqual(fixes[0].isPreferred, true, 'a fix that changes semantics is never preferred');
    assert.match(fixes[0].title, /^Fetch every `customer` of `ids` with one `findMany` before the loop \(may change behaviour: .+\)$/);
  });

  test('fix-all on save (source.fixAll.perfHints) applies only safe fixes', async () => {
    const editor = await open('src/lookup.ts');
    await waitForDiagnostics(editor.document.uri, hasRule('lookup-in-loop'), 'lookup-in-loop');
    const fullRange = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const [fixAll] = await codeActions(editor.document.uri, fullRange, 'source.fixAll.perfHints');
    assert.ok(fixAll, 'a fix-all source action is offered');
    await apply(fixAll);
    assert.match(editor.document.getText(), /activeIdSet\.has\(user\.id\)/);
  });

  test('turning a rule off or changing its severity in settings takes effect without a reload', async () => {
    const { document } = await open('src/lookup.ts');
    await waitForDiagnostics(document.uri, hasRule('lookup-in-loop'), 'lookup-in-loop');
    await setSetting('rules', { 'lookup-in-loop': 'error' });
    await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x) === 'lookup-in-loop' && x.severity === vscode.DiagnosticSeverity.Error), 'severity error');
    await setSetting('rules', { 'lookup-in-loop': 'off' });
    await waitForDiagnostics(document.uri, (d) => !hasRule('lookup-in-loop')(d), 'the rule to be off');
    await setSetting('rules', undefined);
    await setSetting('families', { quadratic: false });
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'the quadratic family to be off');
    await setSetting('families', undefined);
    await waitForDiagnostics(document.uri, hasRule('lookup-in-loop'), 'the rule back on');
  });

  test('"Disable rule in workspace settings" writes the workspace setting', async () => {
    const { document } = await open('src/lookup.ts');
    const [diagnostic] = await waitForDiagnostics(document.uri, hasRule('lookup-in-loop'), 'lookup-in-loop');
    const disable = (await codeActions(document.uri, diagnostic.range)).find((action) => action.title === 'Disable lookup-in-loop in workspace settings');
    assert.ok(disable);
    await apply(disable);
    const rules = vscode.workspace.getConfiguration('perfHints').inspect<Record<string, string>>('rules')?.workspaceValue;
    assert.deepEqual(rules, { 'lookup-in-loop': 'off' });
    await waitForDiagnostics(document.uri, (d) => !hasRule('lookup-in-loop')(d), 'the rule to be off');
  });

  test('a suppression comment silences its line, and is not reported as unused', async () => {
    const { document } = await open('src/suppressed.ts');
    const diagnostics = await waitForDiagnostics(document.uri, hasRule('needless-copy'), 'the unsuppressed finding of the file');
    assert.deepEqual(diagnostics.map(codeOf), ['needless-copy']);
  });

  test('"Analyze Workspace" fills the Problems panel with files that are not open', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('perfHints.analyzeWorkspace');
    assert.ok(result && !result.cancelled, 'the analysis completed');
    assert.ok(result.files >= 5, `files: ${result.files}`);
    await waitForDiagnostics(workspaceFile('src/startup.js'), hasRule('lookup-in-loop'), 'the finding in an unopened JavaScript file');
  });

  test('the language server restarts on command and keeps analyzing', async () => {
    await vscode.commands.executeCommand('perfHints.restartServer');
    const editor = await open('src/copies.ts');
    await waitForDiagnostics(editor.document.uri, hasRule('needless-copy'), 'needless-copy after a restart');
  });
});
