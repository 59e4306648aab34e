import * as vscode from 'vscode';
import type { BenchmarkQueue } from '../../runner/run.ts';
import type { BenchRequest, BenchResult, BenchTarget, Phase } from '../../runner/protocol.ts';
import { setting } from '../config.ts';
import type { BenchmarkResults } from './results.ts';

const PHASES: Record<Phase, string> = {
  bundle: 'bundling the module',
  load: 'loading the module',
  inputs: 'building inputs',
  calibrate: 'calibrating',
  warmup: 'warming up',
  measure: 'measuring',
};

export const TRUST_MESSAGE = 'Perf Hints runs benchmarks only in a trusted workspace: a benchmark executes the code of this workspace. Static hints keep working in Restricted Mode.';

/**
 * Runs benchmarks: trust gate, request from settings and the editor's unsaved texts, progress with
 * cancel, the benchmarked code's output to the output channel, and the result into the store. The
 * runner (esbuild and the worker host) loads on the first run, not with the extension.
 */
export class BenchmarkRunner {
  private queue: Promise<BenchmarkQueue> | undefined;

  constructor(
    private readonly results: BenchmarkResults,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Resolves with the result or rejects with an Error saying what happened (and where, in the user's code). */
  async run(document: vscode.TextDocument, target: BenchTarget): Promise<BenchResult> {
    if (!vscode.workspace.isTrusted) throw new Error(TRUST_MESSAGE);
    const request = this.request(document, target);
    this.results.setState(document.uri, target, { kind: 'running', phase: 'queued' });
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Benchmarking \`${target.name}\``, cancellable: true },
        async (progress, cancellation) => {
          const abort = new AbortController();
          const onCancel = cancellation.onCancellationRequested(() => abort.abort());
          try {
            const queue = await (this.queue ??= import('../../runner/run.ts').then(({ BenchmarkQueue: Queue }) => new Queue()));
            return await queue.run(request, {
              signal: abort.signal,
              onPhase: (phase) => {
                progress.report({ message: PHASES[phase] });
                this.results.setState(document.uri, target, { kind: 'running', phase: PHASES[phase] });
              },
              onOutput: (text, stream) => this.print(target.name, text, stream),
            });
          } finally {
            onCancel.dispose();
          }
        },
      );
      await this.results.record(document.uri, target, result);
      this.output.info(`Benchmark of ${target.name}: mean ${result.meanNs.toFixed(1)} ns over ${result.samples} samples (n = ${result.n}).`);
      return result;
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      this.results.setState(document.uri, target, { kind: 'failed', message });
      this.output.warn(`Benchmark of ${target.name} failed: ${message}`);
      throw error instanceof Error ? error : new Error(message);
    }
  }

  private request(document: vscode.TextDocument, target: BenchTarget): BenchRequest {
    const overlays: Record<string, string> = {};
    for (const other of vscode.workspace.textDocuments) {
      if (other.isDirty && other.uri.scheme === 'file' && other !== document) overlays[other.uri.fsPath] = other.getText();
    }
    return {
      file: document.uri.fsPath,
      text: document.isDirty ? document.getText() : undefined,
      overlays,
      target,
      n: setting('benchmark.inputSize', document),
      timeLimitMs: setting('benchmark.timeLimitSeconds', document) * 1000,
      memoryMb: setting('benchmark.memoryLimitMb', document),
      root: vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath,
    };
  }

  private print(name: string, text: string, stream: 'stdout' | 'stderr'): void {
    for (const line of text.replace(/\n$/, '').split('\n')) {
      if (stream === 'stderr') this.output.warn(`[${name}] ${line}`);
      else this.output.info(`[${name}] ${line}`);
    }
  }
}
