import * as vscode from 'vscode';
import { inlineSummary, resultTable } from './format.ts';
import type { BenchmarkResults } from './results.ts';
import type { BenchmarkTargets } from './targets.ts';

const REDRAW_DELAY_MS = 300;

/**
 * The timing written after each measured function's signature line, with the full table on hover.
 * A view over the results store: redrawn when results change, the editor changes or the text changes
 * (which is when a result becomes stale).
 */
export class InlineTimings implements vscode.Disposable {
  private readonly fresh = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground') },
  });
  private readonly stale = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('disabledForeground'), fontStyle: 'italic' },
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly targets: BenchmarkTargets, private readonly results: BenchmarkResults) {
    this.subscriptions = [
      results.onDidChange((uri) => this.redrawFor(uri)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.redrawAll()),
      vscode.workspace.onDidChangeTextDocument((event) => this.redrawSoon(event.document.uri)),
    ];
    this.redrawAll();
  }

  redrawAll(): void {
    for (const editor of vscode.window.visibleTextEditors) void this.draw(editor);
  }

  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** While typing, asks the server for targets once per pause rather than once per keystroke. */
  private redrawSoon(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.redrawFor(uri);
    }, REDRAW_DELAY_MS));
  }

  private redrawFor(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) void this.draw(editor);
    }
  }

  private async draw(editor: vscode.TextEditor): Promise<void> {
    const { document } = editor;
    const version = document.version;
    const targets = await this.targets.of(document).catch(() => []);
    if (document.version !== version) return;
    const fresh: vscode.DecorationOptions[] = [];
    const stale: vscode.DecorationOptions[] = [];
    for (const target of targets) {
      const last = this.results.result(document.uri, target);
      if (!last) continue;
      const line = document.lineAt(Math.min(target.annotateLine, document.lineCount - 1));
      const hoverMessage = new vscode.MarkdownString(resultTable(last.result, last.stale));
      const contentText = `${inlineSummary(last.result)}${last.stale ? ' (stale)' : ''}`;
      (last.stale ? stale : fresh).push({ range: new vscode.Range(line.range.end, line.range.end), hoverMessage, renderOptions: { after: { contentText } } });
    }
    editor.setDecorations(this.fresh, fresh);
    editor.setDecorations(this.stale, stale);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.fresh.dispose();
    this.stale.dispose();
  }
}
