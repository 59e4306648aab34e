import * as vscode from 'vscode';
import { inlineSummary } from './format.ts';
import type { BenchmarkResults } from './results.ts';
import type { BenchmarkTargets, Target } from './targets.ts';

export const RUN_COMMAND = 'perfHints.benchmark';
export const EXPLAIN_TRUST_COMMAND = 'perfHints.benchmarkNeedsTrust';
export const INSERT_TAG_COMMAND = 'perfHints.insertBenchTag';

/** "▶ Benchmark" over each benchmarkable function, showing the last result, a run in progress or why it cannot run. */
export class BenchmarkLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly targets: BenchmarkTargets, private readonly results: BenchmarkResults) {
    this.subscriptions = [
      results.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const targets = await this.targets.of(document).catch(() => []);
    return targets.map((target) => new vscode.CodeLens(this.rangeOf(document, target), this.command(document, target)));
  }

  private rangeOf(document: vscode.TextDocument, target: Target): vscode.Range {
    const start = document.positionAt(target.nameSpan.start);
    return new vscode.Range(start, start);
  }

  private command(document: vscode.TextDocument, target: Target): vscode.Command {
    const args = [document.uri, target.key];
    if (!vscode.workspace.isTrusted) {
      return { title: '$(lock) Benchmark — needs a trusted workspace', command: EXPLAIN_TRUST_COMMAND, tooltip: 'A benchmark runs this workspace\'s code; Restricted Mode runs nothing.' };
    }
    if (target.input.kind === 'unsupported') {
      return {
        title: `$(warning) Benchmark — cannot generate inputs${target.benchTag ? ': add a @bench tag' : ''}`,
        command: target.benchTag ? INSERT_TAG_COMMAND : '',
        tooltip: target.input.reason,
        arguments: args,
      };
    }
    const state = this.results.state(document.uri, target);
    if (state?.kind === 'running') return { title: `$(sync~spin) Benchmarking… ${state.phase}`, command: '', tooltip: 'Cancel from the progress notification.' };
    const last = this.results.result(document.uri, target);
    const suffix = state?.kind === 'failed'
      ? ' · $(error) failed'
      : last ? ` · ${inlineSummary(last.result)}${last.stale ? ' (stale)' : ''}` : '';
    return {
      title: `▶ Benchmark${suffix}`,
      command: RUN_COMMAND,
      tooltip: state?.kind === 'failed' ? state.message : `Measure \`${target.name}\` in a worker (n = inputs of size from perfHints.benchmark.inputSize)`,
      arguments: args,
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
