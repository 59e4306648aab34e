import * as vscode from 'vscode';

export const EXTENSION_ID = 'perf-hints.perf-hints';

/** The fixture workspace the launcher opened (test/fixtures/workspace, or a copy of it). */
export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The integration tests need the fixture workspace open.');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function activate(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code.`);
  // Testing the packaged .vsix: make sure the copy under test is the installed one, not the repository.
  const installedIn = process.env.PERF_HINTS_TEST_EXTENSIONS_DIR;
  if (installedIn && !extension.extensionPath.startsWith(installedIn)) {
    throw new Error(`Expected the extension installed in ${installedIn}, got ${extension.extensionPath}`);
  }
  await extension.activate();
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

export function perfHints(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'perf-hints');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  return String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
}

/** Resolves once `predicate` holds for the file's Perf Hints diagnostics: a readiness probe, not a sleep. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = perfHints(uri);
      if (!predicate(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = perfHints(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
      reject(new Error(`Timed out waiting for ${what} in ${uri.path}; diagnostics now: [${seen.join(', ')}]`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      listener.dispose();
    };
    check();
  });
}

export function hasRule(ruleId: string) {
  return (diagnostics: vscode.Diagnostic[]) => diagnostics.some((d) => codeOf(d) === ruleId);
}

/** Code actions of the given kind (quick fixes by default): built-in refactorings and snippets are left out. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind = vscode.CodeActionKind.QuickFix.value): Promise<vscode.CodeAction[]> {
  let actions: vscode.CodeAction[] | undefined;
  for (let attempt = 1; !actions; attempt++) {
    try {
      actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
    } catch (error) {
      // The first request of a session is sometimes cancelled by the workbench while the built-in
      // TypeScript server is still loading its project (no document change involved); a person would
      // press Ctrl+. again, and so do we — once or twice, never silently forever.
      if (!(error instanceof vscode.CancellationError) && (error as Error)?.message !== 'Canceled') throw error;
      if (attempt === 3) throw error;
      console.log(`code actions for ${uri.path} were cancelled (attempt ${attempt}); asking again`);
    }
  }
  const wanted = vscode.CodeActionKind.Empty.append(kind);
  return actions.filter((action) => action.kind && wanted.contains(action.kind));
}

/** Runs a code action the way the editor does: its edit first, then its command. */
export async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) throw new Error(`The edit of "${action.title}" was rejected.`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/**
 * Throws away unsaved changes so each test starts from the fixture on disk. Editors stay open: closing
 * them disposes the document later, which cancels whatever a following test asks about it.
 */
export async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('perfHints').update(key, value, vscode.ConfigurationTarget.Workspace);
}
