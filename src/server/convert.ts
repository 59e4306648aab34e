import type { Diagnostic, Range, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUri } from '../core/docs-uri.ts';
import { UNUSED_SUPPRESSION } from '../core/suppressions.ts';
import type { Severity, TextEdit } from '../core/types.ts';
import type { DiagnosticData } from './protocol.ts';
import type { WireFinding } from './worker-protocol.ts';

/** What offsets are converted against: an open document, or a file's text on disk. */
export type Positions = Pick<TextDocument, 'positionAt' | 'uri'>;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  hint: DiagnosticSeverity.Hint,
  info: DiagnosticSeverity.Information,
  warning: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

export const DIAGNOSTIC_SOURCE = 'perf-hints';

export function rangeOf(doc: Positions, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function toDiagnostic(doc: Positions, version: number | null, finding: WireFinding): Diagnostic {
  // No fix count here: it would force every deferred fix on each keystroke. Code actions ask for fixes.
  const data: DiagnosticData = { ruleId: finding.ruleId, version, start: finding.start, end: finding.end };
  const diagnostic: Diagnostic = {
    range: rangeOf(doc, finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: finding.message,
    data,
  };
  if (finding.ruleId !== UNUSED_SUPPRESSION) diagnostic.codeDescription = { href: ruleDocsUri(finding.ruleId) };
  else diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: doc.uri, range: rangeOf(doc, related.start, related.end) },
      message: related.message,
    }));
  }
  return diagnostic;
}

/**
 * Edits for one document, pinned to the version they were computed for: with `documentChanges` the
 * client rejects them if the user typed in between instead of applying them at shifted offsets.
 */
export function workspaceEdit(doc: TextDocument, edits: readonly TextEdit[], versioned: boolean): WorkspaceEdit {
  const lspEdits: LspTextEdit[] = edits.map((edit) => ({ range: rangeOf(doc, edit.start, edit.end), newText: edit.newText }));
  if (!versioned) return { changes: { [doc.uri]: lspEdits } };
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lspEdits }] };
}
