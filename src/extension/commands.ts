import * as vscode from 'vscode';
import type { AnalyzeWorkspaceParams, AnalyzeWorkspaceResult } from '../server/protocol.ts';
import { ANALYZE_WORKSPACE_REQUEST } from '../server/protocol.ts';
import type { ServerConnection } from './client.ts';
import { DISABLE_RULE_COMMAND, SHOW_RULE_DOCS_COMMAND } from './code-actions.ts';
import { disableRuleInWorkspace } from './config.ts';
import type { RuleDocs } from './docs.ts';

export function registerCommands(server: ServerConnection, docs: RuleDocs, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('perfHints.restartServer', async () => {
      await server.restart();
      output.info('Server restarted.');
    }),
    vscode.commands.registerCommand('perfHints.showOutput', () => output.show()),
    vscode.commands.registerCommand('perfHints.analyzeWorkspace', () => analyzeWorkspace(server)),
    vscode.commands.registerCommand(DISABLE_RULE_COMMAND, (ruleId: string) => disableRuleInWorkspace(ruleId)),
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, (ruleId?: string) => (ruleId ? docs.show(ruleId) : docs.pickAndShow())),
  ];
}

/** Fills the Problems panel for every file of the workspace, with a progress notification that can cancel. */
async function analyzeWorkspace(server: ServerConnection): Promise<AnalyzeWorkspaceResult | undefined> {
  const client = server.current;
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('Perf Hints: the language server is not running. Run "Perf Hints: Restart Server".');
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Perf Hints: analyzing workspace', cancellable: true },
    async (progress, cancellation) => {
      const { WorkDoneProgress } = await import('vscode-languageclient/node.js');
      const workDoneToken = `perfHints.analyzeWorkspace.${Date.now()}`;
      let reported = 0;
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: percentage - reported });
        reported = percentage;
      });
      try {
        const params: AnalyzeWorkspaceParams = { workDoneToken };
        return await client.sendRequest<AnalyzeWorkspaceResult>(ANALYZE_WORKSPACE_REQUEST, params, cancellation);
      } finally {
        listening.dispose();
      }
    },
  );
  const summary = `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}`;
  // Not awaited: the command resolves with the result (for scripts and tests) while the message stays up.
  void vscode.window.showInformationMessage(
    result.cancelled ? `Perf Hints: analysis cancelled — ${summary} so far.` : `Perf Hints: ${summary}.`,
    'Open Problems',
  ).then((choice) => choice && vscode.commands.executeCommand('workbench.actions.view.problems'));
  return result;
}
