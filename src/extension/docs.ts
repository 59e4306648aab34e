import * as vscode from 'vscode';

/**
 * Rule docs ship inside the extension (docs/rules/<id>.md, generated from the rules), so links from
 * diagnostics and "Show rule docs" work offline and always match the installed version.
 */
export class RuleDocs {
  constructor(private readonly extensionUri: vscode.Uri) {}

  uriOf(ruleId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  }

  async exists(ruleId: string): Promise<boolean> {
    try {
      await vscode.workspace.fs.stat(this.uriOf(ruleId));
      return true;
    } catch {
      return false;
    }
  }

  async show(ruleId: string): Promise<void> {
    if (!(await this.exists(ruleId))) {
      void vscode.window.showWarningMessage(`Perf Hints has no documentation page for "${ruleId}".`);
      return;
    }
    await vscode.commands.executeCommand('markdown.showPreview', this.uriOf(ruleId));
  }

  /** Lets the user pick a rule when the command is run from the palette. */
  async pickAndShow(): Promise<void> {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules'));
    const ids = entries.filter(([name]) => name.endsWith('.md')).map(([name]) => name.slice(0, -3)).sort();
    const picked = await vscode.window.showQuickPick(ids, { placeHolder: 'Which rule?' });
    if (picked) await this.show(picked);
  }
}
