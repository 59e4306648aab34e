/**
 * Composes the extension's features and nothing else. The analyzer runs in the language server
 * (dist/server.js), so activation only wires the editor side; the server starts in the background.
 */
import * as vscode from 'vscode';
import { ServerConnection, DOCUMENT_SELECTOR } from './client.ts';
import { RuleActionsProvider } from './code-actions.ts';
import { registerBenchmarks } from './benchmark/index.ts';
import { registerCommands } from './commands.ts';
import { RuleDocs } from './docs.ts';
import { FindingsStatus } from './status-bar.ts';

let server: ServerConnection | undefined;

export function activate(context: vscode.ExtensionContext): void {
  performance.mark('perfHints.activate.start');
  const output = vscode.window.createOutputChannel('Perf Hints', { log: true });
  const docs = new RuleDocs(context.extensionUri);
  server = new ServerConnection(context, output, docs);
  context.subscriptions.push(
    output,
    server,
    new FindingsStatus(),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new RuleActionsProvider(), RuleActionsProvider.metadata),
    ...registerCommands(server, docs, output),
    ...registerBenchmarks(context, server, output),
  );
  // A user-timing measure: `npm run bench:editor` reads it from the same extension host.
  const { duration } = performance.measure('perfHints.activate', 'perfHints.activate.start');
  output.info(`Activated in ${duration.toFixed(1)} ms; starting the language server.`);
  server.start().catch((error: unknown) => {
    output.error(`The Perf Hints language server did not start: ${(error as Error)?.message ?? String(error)}`);
    void vscode.window.showErrorMessage('Perf Hints: the language server did not start. See the output for details.', 'Show Output')
      .then((choice) => choice && output.show());
  });
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
