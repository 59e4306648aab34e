import * as vscode from 'vscode';

export const DIAGNOSTIC_SOURCE = 'perf-hints';
export const DISABLE_RULE_COMMAND = 'perfHints.disableRule';
export const SHOW_RULE_DOCS_COMMAND = 'perfHints.showRuleDocs';
/** Meta findings (unused suppressions) are not rules a user can turn off or read about. */
const META_RULES = new Set(['unused-suppression']);

export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === undefined ? undefined : String(code);
}

/**
 * The quick fixes that belong to the editor rather than the analyzer: turning a rule off in workspace
 * settings and opening its docs. They follow the server's fixes in the menu, once per rule.
 */
export class RuleActionsProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    documentation: [{
      kind: vscode.CodeActionKind.QuickFix,
      command: { command: SHOW_RULE_DOCS_COMMAND, title: 'Learn more about Perf Hints rules' },
    }],
  };

  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ruleIds = new Set(context.diagnostics.map(ruleIdOf).filter((id): id is string => id !== undefined && !META_RULES.has(id)));
    return [...ruleIds].flatMap((ruleId) => {
      const disable = new vscode.CodeAction(`Disable ${ruleId} in workspace settings`, vscode.CodeActionKind.QuickFix);
      disable.command = { command: DISABLE_RULE_COMMAND, title: disable.title, arguments: [ruleId] };
      const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.command = { command: SHOW_RULE_DOCS_COMMAND, title: docs.title, arguments: [ruleId] };
      return [disable, docs];
    });
  }
}
