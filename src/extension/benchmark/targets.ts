import * as vscode from 'vscode';
import type { BenchmarkTargetsParams, BenchmarkTargetsResult } from '../../server/protocol.ts';
import { BENCHMARK_TARGETS_REQUEST } from '../../server/protocol.ts';
import type { ServerConnection } from '../client.ts';

export type Target = BenchmarkTargetsResult['targets'][number];

/**
 * The benchmarkable functions of a document, from the language server (which has the type checker
 * that turns parameter types into inputs). One request per document version, shared by the lens,
 * the inline timings and the commands.
 */
export class BenchmarkTargets {
  private readonly cache = new Map<string, { version: number; targets: Promise<Target[]> }>();

  constructor(private readonly server: ServerConnection) {}

  of(document: vscode.TextDocument): Promise<Target[]> {
    // Nothing to ask yet; not cached, so the lenses refreshed when the server is up ask again.
    if (!this.server.current?.isRunning()) return Promise.resolve([]);
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === document.version) return cached.targets;
    const targets = this.fetch(document);
    this.cache.set(key, { version: document.version, targets });
    targets.catch(() => this.cache.get(key)?.targets === targets && this.cache.delete(key));
    return targets;
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  /** A restarted server may see the documents differently: ask it afresh. */
  clear(): void {
    this.cache.clear();
  }

  private async fetch(document: vscode.TextDocument): Promise<Target[]> {
    const client = this.server.current!;
    const params: BenchmarkTargetsParams = { uri: document.uri.toString() };
    const reply = await client.sendRequest<BenchmarkTargetsResult | null>(BENCHMARK_TARGETS_REQUEST, params);
    // Spans of another version would put lenses on the wrong lines: ask again on the next request.
    if (!reply || reply.version !== document.version) {
      this.cache.delete(document.uri.toString());
      return [];
    }
    return reply.targets;
  }
}
