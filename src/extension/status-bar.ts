import * as vscode from 'vscode';
import { ruleIdOf } from './code-actions.ts';
import { LANGUAGES } from './client.ts';
import { setting } from './config.ts';

/** The count of Perf Hints findings in the active file; hidden for files the analyzer does not read. */
export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('perfHints.findings', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'Perf Hints';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('perfHints.enable') && this.update()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.update();
      }),
    ];
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !(LANGUAGES as readonly string[]).includes(document.languageId) || !setting('enable', document)) {
      this.item.hide();
      return;
    }
    const count = vscode.languages.getDiagnostics(document.uri).filter((d) => ruleIdOf(d) !== undefined).length;
    this.item.text = `$(flame) ${count}`;
    this.item.tooltip = count === 0
      ? 'Perf Hints: nothing to report in this file'
      : `Perf Hints: ${count} finding${count === 1 ? '' : 's'} in this file — click for the Problems panel`;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
