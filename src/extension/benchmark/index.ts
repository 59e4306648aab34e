import * as vscode from 'vscode';
import type { BenchResult } from '../../runner/protocol.ts';
import type { BenchmarkSelectionParams, BenchmarkSelectionResult } from '../../server/protocol.ts';
import { BENCHMARK_SELECTION_REQUEST } from '../../server/protocol.ts';
import type { ServerConnection } from '../client.ts';
import { DOCUMENT_SELECTOR } from '../client.ts';
import { BenchmarkRunner, TRUST_MESSAGE } from './controller.ts';
import { InlineTimings } from './decorations.ts';
import { inlineSummary } from './format.ts';
import { BenchmarkLensProvider, EXPLAIN_TRUST_COMMAND, INSERT_TAG_COMMAND, RUN_COMMAND } from './lens.ts';
import { BenchmarkResults } from './results.ts';
import { BenchmarkTargets } from './targets.ts';

/** What `perfHints.benchmarkFunction` resolves to: the stable, scriptable subset of a result. */
export type BenchmarkFunctionResult = Pick<BenchResult, 'name' | 'n' | 'meanNs' | 'p50Ns' | 'p75Ns' | 'p99Ns' | 'minNs' | 'maxNs' | 'sdNs' | 'rme' | 'samples' | 'opsPerSec'>;

/** The benchmark feature: lens, inline timings, commands, all views over one results store. */
export function registerBenchmarks(context: vscode.ExtensionContext, server: ServerConnection, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const results = new BenchmarkResults(context.workspaceState);
  const targets = new BenchmarkTargets(server);
  const runner = new BenchmarkRunner(results, output);
  const lenses = new BenchmarkLensProvider(targets, results);
  const timings = new InlineTimings(targets, results);

  const documentOf = async (uri: vscode.Uri | string) => vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  const findTarget = async (document: vscode.TextDocument, pick: (target: Awaited<ReturnType<BenchmarkTargets['of']>>[number]) => boolean, what: string) => {
    const target = (await targets.of(document)).find(pick);
    if (!target) throw new Error(`No benchmarkable function ${what} in ${vscode.workspace.asRelativePath(document.uri)}: functions must be reachable from the module (top level, exported or not, or methods of a top-level class).`);
    return target;
  };
  const runShowingErrors = async (document: vscode.TextDocument, target: Parameters<BenchmarkRunner['run']>[1]) => {
    try {
      return await runner.run(document, target);
    } catch (error) {
      void vscode.window.showErrorMessage(`Perf Hints: ${(error as Error).message}`, 'Show Output').then((choice) => choice && output.show());
      return undefined;
    }
  };

  return [
    results,
    lenses,
    timings,
    vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, lenses),
    server.onDidStart(() => {
      targets.clear();
      lenses.refresh();
      timings.redrawAll();
    }),
    vscode.workspace.onDidCloseTextDocument((document) => targets.forget(document)),
    vscode.commands.registerCommand(RUN_COMMAND, async (uri: vscode.Uri, key: string) => {
      const document = await documentOf(uri);
      await runShowingErrors(document, await findTarget(document, (target) => target.key === key, `named ${key}`));
    }),
    vscode.commands.registerCommand('perfHints.benchmarkFunction', async (uri: vscode.Uri | string, position: vscode.Position): Promise<BenchmarkFunctionResult> => {
      const document = await documentOf(uri);
      const offset = document.offsetAt(new vscode.Position(position.line, position.character));
      const target = await findTarget(document, (t) => t.nameSpan.start <= offset && offset <= t.nameSpan.end, `at line ${position.line + 1}, column ${position.character + 1}`);
      const { name, n, meanNs, p50Ns, p75Ns, p99Ns, minNs, maxNs, sdNs, rme, samples, opsPerSec } = await runner.run(document, target);
      return { name, n, meanNs, p50Ns, p75Ns, p99Ns, minNs, maxNs, sdNs, rme, samples, opsPerSec };
    }),
    vscode.commands.registerCommand('perfHints.benchmarkAllInFile', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document) return;
      const runnable = (await targets.of(document)).filter((target) => target.input.kind !== 'unsupported');
      if (runnable.length === 0) void vscode.window.showInformationMessage('Perf Hints: no function of this file can be benchmarked as it is.');
      for (const target of runnable) await runShowingErrors(document, target);
    }),
    vscode.commands.registerCommand('perfHints.benchmarkSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      const client = server.current;
      if (!editor || editor.selection.isEmpty || !client) {
        void vscode.window.showInformationMessage('Perf Hints: select statements or an expression to benchmark.');
        return;
      }
      const { document, selection } = editor;
      const params: BenchmarkSelectionParams = { uri: document.uri.toString(), start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) };
      const reply = await client.sendRequest<BenchmarkSelectionResult>(BENCHMARK_SELECTION_REQUEST, params);
      if (!reply.ok) {
        void vscode.window.showWarningMessage(`Perf Hints: cannot benchmark this selection: ${reply.reason}`);
        return;
      }
      const result = await runShowingErrors(document, reply.target);
      if (result) void vscode.window.showInformationMessage(`Perf Hints: the selection takes ${inlineSummary(result).replace(/^⏱ /, '')}.`);
    }),
    vscode.commands.registerCommand(EXPLAIN_TRUST_COMMAND, async () => {
      const choice = await vscode.window.showInformationMessage(TRUST_MESSAGE, 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    }),
    vscode.commands.registerCommand(INSERT_TAG_COMMAND, async (uri: vscode.Uri, key: string) => {
      const document = await documentOf(uri);
      const target = await findTarget(document, (t) => t.key === key, `named ${key}`);
      if (!target.benchTag) return;
      const editor = await vscode.window.showTextDocument(document);
      const at = document.positionAt(target.benchTag.offset);
      await editor.insertSnippet(new vscode.SnippetString(target.benchTag.text.replace(/\$/g, '\\$')), at);
    }),
  ];
}
