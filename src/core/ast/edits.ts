import ts from './ts-api.ts';
import type { TextEdit } from '../types.ts';

export function replaceNode(node: ts.Node, sourceFile: ts.SourceFile, newText: string): TextEdit {
  return { start: node.getStart(sourceFile), end: node.getEnd(), newText };
}

export function nodeText(node: ts.Node, sourceFile: ts.SourceFile): string {
  return sourceFile.text.slice(node.getStart(sourceFile), node.getEnd());
}

/** Leading whitespace of the line `node` starts on. */
export function indentationOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const start = node.getStart(sourceFile);
  const lineStart = sourceFile.text.lastIndexOf('\n', start - 1) + 1;
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart, start))?.[0] ?? '';
}

/** Inserts whole lines before `statement`, at its indentation, keeping comments above it attached to it. */
export function insertLinesBefore(statement: ts.Statement, sourceFile: ts.SourceFile, lines: string[]): TextEdit {
  const indent = indentationOf(statement, sourceFile);
  const leading = ts.getLeadingCommentRanges(sourceFile.text, statement.getFullStart()) ?? [];
  const anchor = leading.length > 0 ? leading[0].pos : statement.getStart(sourceFile);
  const lineStart = sourceFile.text.lastIndexOf('\n', anchor - 1) + 1;
  const onOwnLine = sourceFile.text.slice(lineStart, anchor).trim() === '';
  if (onOwnLine) {
    return { start: lineStart, end: lineStart, newText: lines.map((l) => `${indent}${l}\n`).join('') };
  }
  return { start: anchor, end: anchor, newText: lines.map((l) => `${l}\n${indent}`).join('') };
}

/** A name not yet used anywhere in the file, derived from `base` (`activeIdSet`, `activeIdSet2`, …). */
export function freshName(base: string, sourceFile: ts.SourceFile): string {
  const taken = (name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(sourceFile.text);
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}${i}`)) return `${base}${i}`;
}

/** `activeIds` → `activeIdSet`; `ids` → `idSet`; `this.users` → `userSet`; `status` stays `statusSet`. */
export function derivedName(reference: string, suffix: string): string {
  const last = reference.split('.').pop() ?? reference;
  const singular = last.length > 2 && last.endsWith('s') && !/(ss|us|is)$/.test(last) ? last.slice(0, -1) : last;
  return `${singular}${suffix}`;
}

/** Applies non-overlapping edits to a text, last first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let lastStart = Infinity;
  for (const edit of sorted) {
    if (edit.end > lastStart) throw new Error(`Overlapping edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    lastStart = edit.start;
  }
  return result;
}

/** A rule's single optional fix as the list a report carries. */
export function optional<T>(fix: T | undefined): T[] {
  return fix ? [fix] : [];
}
