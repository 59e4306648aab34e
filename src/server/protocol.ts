/**
 * The server's own protocol on top of LSP: command ids, custom requests and the shapes they carry.
 * Plain types and strings only, so the editor client can import it without pulling in the server.
 */
import type { BenchTarget } from '../runner/protocol.ts';

/** Code action kind of "fix every safe finding in this file"; editors run it on save via `source.fixAll`. */
export const FIX_ALL_KIND = 'source.fixAll.perfHints';

/**
 * Inserts `// perf-hints-ignore-next-line <ruleId> -- <reason>` above a line. Code actions carry it
 * without a reason; a client that can prompt (VS Code middleware on `workspace/executeCommand`) fills
 * `reason` in before forwarding, others get the placeholder `reason` to overwrite.
 */
export const IGNORE_LINE_COMMAND = 'perfHints.ignoreLine';
export interface IgnoreLineArgs {
  uri: string;
  /** The document version the line number refers to; the command refuses a changed document. */
  version: number;
  /** 0-based line of the finding. */
  line: number;
  ruleId: string;
  reason?: string;
}

/** Applies every safe fix of a document through `workspace/applyEdit`. */
export const FIX_ALL_COMMAND = 'perfHints.fixAll';
export interface FixAllArgs {
  uri: string;
}

/** Analyzes every analyzable file under the workspace folders and publishes diagnostics for each. */
export const ANALYZE_WORKSPACE_REQUEST = 'perfHints/analyzeWorkspace';
export interface AnalyzeWorkspaceParams {
  /** Set by clients that create the progress themselves (LSP work done progress). */
  workDoneToken?: string | number;
}
export interface AnalyzeWorkspaceResult {
  files: number;
  /** Files skipped by `exclude` settings or config. */
  excluded: number;
  findings: number;
  /** Findings per rule id. */
  byRule: Record<string, number>;
  cancelled: boolean;
  durationMs: number;
}

/** `Diagnostic.data`: identifies the finding in the server's results for the document version. */
export interface DiagnosticData {
  ruleId: string;
  version: number | null;
  start: number;
  end: number;
}

/**
 * The benchmarkable functions of an open document (see src/runner/targets.ts), found with the
 * project's checker so parameter types can become generated inputs. `benchTag` is offered for a
 * target whose inputs cannot be generated: the edit that inserts a `@bench` tag to fill in.
 */
export const BENCHMARK_TARGETS_REQUEST = 'perfHints/benchmarkTargets';
export interface BenchmarkTargetsParams {
  uri: string;
}
export interface BenchmarkTargetsResult {
  /** The document version the spans refer to. */
  version: number;
  targets: (BenchTarget & { benchTag?: { offset: number; text: string } })[];
}

/** Selected statements or an expression of an open document as a benchmark target. */
export const BENCHMARK_SELECTION_REQUEST = 'perfHints/benchmarkSelection';
export interface BenchmarkSelectionParams {
  uri: string;
  start: number;
  end: number;
}
export type BenchmarkSelectionResult = { version: number } & ({ ok: true; target: BenchTarget } | { ok: false; reason: string });
