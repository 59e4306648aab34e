/**
 * Messages between the LSP thread and the analysis worker. Everything here survives structured
 * clone: plain objects, no getters (a Finding's lazy `fixes` getter would be forced by cloning, so
 * findings cross as `WireFinding` and fixes only when a code action asks for them).
 */
import type { PerfHintsConfig } from '../core/config.ts';
import type { Finding, Fix } from '../core/types.ts';
import type { SelectionTarget } from '../runner/selection.ts';
import type { BenchmarkTargetsResult } from './protocol.ts';

export type WireFinding = Omit<Finding, 'fixes'>;
export interface FixedFinding extends WireFinding {
  fixes: Fix[];
}

/** Request kinds with what they carry and what they answer. */
export interface WorkerRequests {
  /** Every enabled rule with the project's checker. `version` null: a file from disk, its `text` given. */
  analyze: {
    params: { fileName: string; version: number | null; text?: string; config: PerfHintsConfig; extraRoots?: string[] };
    result: { findings: WireFinding[]; typed: boolean };
  };
  /** The findings of an open document touching `[start, end]`, with their fixes. */
  fixes: {
    params: { fileName: string; version: number; config: PerfHintsConfig; start: number; end: number };
    result: FixedFinding[];
  };
  /** Every safe fix applied over rounds; null when nothing applies. */
  fixAll: {
    params: { fileName: string; version: number; config: PerfHintsConfig };
    result: { text: string; applied: number } | null;
  };
  /** The benchmarkable functions of an open document, with a `@bench` tag edit for those without generable inputs. */
  benchmarkTargets: {
    params: { fileName: string; version: number };
    result: BenchmarkTargetsResult['targets'];
  };
  /** A selection of an open document as a benchmark target. */
  benchmarkSelection: {
    params: { fileName: string; version: number; start: number; end: number };
    result: SelectionTarget;
  };
  /** Project key of each file, in order: workspace analysis batches files by program. */
  projects: {
    params: { fileNames: string[] };
    result: string[];
  };
}
export type RequestKind = keyof WorkerRequests;
export type Params<K extends RequestKind> = WorkerRequests[K]['params'];
export type Result<K extends RequestKind> = WorkerRequests[K]['result'];

export type WorkerRequest = { [K in RequestKind]: { kind: 'request'; id: number; request: K; params: Params<K> } }[RequestKind];

/** Main thread → worker. Notifications apply in order before any request queued behind them. */
export type ToWorker =
  | WorkerRequest
  /** An open document's text (on open and on every change). */
  | { kind: 'sync'; fileName: string; version: number; text: string }
  | { kind: 'close'; fileName: string }
  | { kind: 'disk'; fileName: string; change: 'created' | 'changed' | 'deleted' }
  /** Files a workspace batch rooted and no longer needs. */
  | { kind: 'release'; fileNames: string[] }
  /** The request is superseded: answered `cancelled` if it has not started. */
  | { kind: 'cancel'; id: number }
  /** Test hook (only honoured when the server runs with PERF_HINTS_TEST_HOOKS=1). */
  | { kind: 'crash'; how: 'throw' | 'oom' };

export type Reply =
  | { kind: 'reply'; id: number; status: 'ok'; result: unknown }
  | { kind: 'reply'; id: number; status: 'cancelled' }
  | { kind: 'reply'; id: number; status: 'error'; error: string };

/** Worker → main thread. */
export type FromWorker =
  | Reply
  | { kind: 'log'; level: 'info' | 'error'; message: string }
  /**
   * Sent before a request that must build or extend a program (`building`) and after every request:
   * `warm` lists the open documents whose project holds them, i.e. that will be typed quickly.
   */
  | { kind: 'state'; building: boolean; warm: string[] };
