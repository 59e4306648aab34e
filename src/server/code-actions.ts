import ts from 'typescript';
import type { CodeAction } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from '../core/engine.ts';
import { UNUSED_SUPPRESSION } from '../core/suppressions.ts';
import type { Fix, TextEdit } from '../core/types.ts';
import { touches } from './analysis.ts';
import { toDiagnostic, workspaceEdit } from './convert.ts';
import type { IgnoreLineArgs } from './protocol.ts';
import { FIX_ALL_KIND, IGNORE_LINE_COMMAND } from './protocol.ts';
import type { WireFinding } from './worker-protocol.ts';

/** Whether a client's `context.only` asks for actions of `kind` (a requested `source` covers `source.fixAll.perfHints`). */
export function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export function fixTitle(fix: Fix): string {
  return fix.safe || !fix.caveat ? fix.title : `${fix.title} (may change behaviour: ${fix.caveat})`;
}

/** Quick fixes for the findings touching `[start, end]`: each fix, then "Ignore <rule> on this line". */
export function quickFixes(doc: TextDocument, findings: readonly (WireFinding & { fixes: readonly Fix[] })[], start: number, end: number, versioned: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!touches(finding, start, end)) continue;
    const diagnostic = toDiagnostic(doc, doc.version, finding);
    for (const fix of finding.fixes) {
      actions.push({
        title: fixTitle(fix),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.safe,
        edit: workspaceEdit(doc, fix.edits, versioned),
      });
    }
    if (finding.ruleId === UNUSED_SUPPRESSION) continue;
    const args: IgnoreLineArgs = { uri: doc.uri, version: doc.version, line: doc.positionAt(finding.start).line, ruleId: finding.ruleId };
    actions.push({
      title: `Ignore ${finding.ruleId} on this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Ignore ${finding.ruleId} on this line`, command: IGNORE_LINE_COMMAND, arguments: [args] },
    });
  }
  return actions;
}

export function fixAllAction(doc: TextDocument, edit: TextEdit, applied: number, versioned: boolean): CodeAction {
  return {
    title: `Fix all safe Perf Hints findings (${applied})`,
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(doc, [edit], versioned),
  };
}

const NEXT_LINE_DIRECTIVE = /^(\s*\/\/\s*perf-hints-ignore-next-line)([^\n]*?)(\s+--[^\n]*)?$/;

/**
 * The edit that suppresses `ruleId` on `line`: a directive above it at the line's indentation, joined
 * to an existing directive on the line above if there is one. Inside JSX children a `//` comment would
 * be text, so there it is `{/* … *\/}`; between JSX attributes a bare block comment.
 */
export function ignoreLineEdit(fileName: string, text: string, line: number, ruleId: string, reason: string | undefined): TextEdit {
  const lineStarts = lineStartsOf(text);
  const lineStart = lineStarts[Math.min(line, lineStarts.length - 1)];
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const why = (reason ?? '').replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim() || 'reason';

  if (line > 0) {
    const previousStart = lineStarts[line - 1];
    const previous = text.slice(previousStart, lineStart).replace(/\r?\n$/, '');
    const match = NEXT_LINE_DIRECTIVE.exec(previous);
    if (match && match[2].trim() !== '') {
      const existingReason = match[3] ?? '';
      const addedReason = reason ? `${existingReason ? ';' : ' --'} ${why}` : existingReason ? '' : ' -- reason';
      return { start: previousStart, end: previousStart + previous.length, newText: `${match[1]}${match[2]}, ${ruleId}${existingReason}${addedReason}` };
    }
  }
  const directive = `perf-hints-ignore-next-line ${ruleId} -- ${why}`;
  const context = commentContext(fileName, text, lineStart + indent.length);
  const comment = context === 'jsx-child' ? `{/* ${directive} */}` : context === 'jsx-attribute' ? `/* ${directive} */` : `// ${directive}`;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, newText: `${indent}${comment}${newline}` };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

type CommentContext = 'code' | 'jsx-child' | 'jsx-attribute';

function commentContext(fileName: string, text: string, offset: number): CommentContext {
  if (!/\.[jt]sx$/.test(fileName)) return 'code';
  const sourceFile = parse(fileName, text);
  let node: ts.Node = sourceFile;
  for (;;) {
    const child = ts.forEachChild(node, (c) => (c.getStart(sourceFile) <= offset && offset < c.getEnd() ? c : undefined));
    if (!child) break;
    node = child;
  }
  for (let current = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (ts.isJsxAttributes(parent)) return 'jsx-attribute';
    if ((ts.isJsxElement(parent) || ts.isJsxFragment(parent)) && parent.children.some((c) => c === current)) return 'jsx-child';
    // Reached a statement: whatever JSX is further out, the line is code here.
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseOrDefaultClause(parent)) return 'code';
  }
  return 'code';
}
