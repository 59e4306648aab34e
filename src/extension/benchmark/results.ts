import * as vscode from 'vscode';
import type { BenchResult, BenchTarget } from '../../runner/protocol.ts';

const STATE_KEY = 'perfHints.benchmarkResults';
/** Results of files nobody reopens should not pile up in workspace state forever. */
const MAX_KEPT = 500;

export type RunState =
  | { kind: 'running'; phase: string }
  | { kind: 'failed'; message: string };

/**
 * The one store the CodeLens and the inline timings are views of. Results are keyed by file and
 * target key and carry the hash of the function they measured, so an edit makes them stale without
 * anyone tracking versions; they persist in workspace state and come back with an unchanged file.
 */
export class BenchmarkResults implements vscode.Disposable {
  private readonly results: Map<string, BenchResult>;
  private readonly states = new Map<string, RunState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    this.results = new Map(memento.get<[string, BenchResult][]>(STATE_KEY, []));
  }

  result(uri: vscode.Uri, target: BenchTarget): { result: BenchResult; stale: boolean } | undefined {
    const result = this.results.get(keyOf(uri, target));
    return result && { result, stale: result.hash !== target.hash };
  }

  state(uri: vscode.Uri, target: BenchTarget): RunState | undefined {
    return this.states.get(keyOf(uri, target));
  }

  setState(uri: vscode.Uri, target: BenchTarget, state: RunState | undefined): void {
    if (state) this.states.set(keyOf(uri, target), state);
    else this.states.delete(keyOf(uri, target));
    this.changed.fire(uri);
  }

  async record(uri: vscode.Uri, target: BenchTarget, result: BenchResult): Promise<void> {
    const key = keyOf(uri, target);
    this.states.delete(key);
    this.results.delete(key);
    this.results.set(key, result);
    while (this.results.size > MAX_KEPT) this.results.delete(this.results.keys().next().value!);
    this.changed.fire(uri);
    await this.memento.update(STATE_KEY, [...this.results]);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function keyOf(uri: vscode.Uri, target: BenchTarget): string {
  return `${uri.toString()}#${target.key}`;
}
