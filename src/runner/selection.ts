/**
 * "Benchmark Selection": selected statements or one expression, run as the body of a function
 * appended to the module, so they see the module's top-level names. What they cannot see are the
 * locals of the function they were selected from: with the checker, a selection that uses one is
 * refused with the name it uses.
 */
import ts from 'typescript';
import type { BenchTarget } from './protocol.ts';
import { hashText } from './targets.ts';

export type SelectionTarget = { ok: true; target: BenchTarget } | { ok: false; reason: string };

function parses(text: string): boolean {
  return (ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { noEmit: true } }).diagnostics ?? []).length === 0;
}

/** Whether the selection awaits at its own level (not inside functions it declares). */
function awaits(node: ts.Node): boolean {
  if (ts.isFunctionLike(node)) return false;
  if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return true;
  return ts.forEachChild(node, awaits) ?? false;
}

function yields(node: ts.Node): boolean {
  if (ts.isFunctionLike(node)) return false;
  return ts.isYieldExpression(node) || (ts.forEachChild(node, yields) ?? false);
}

/** The scope a declaration lives in: the source file for module-level names. */
function scopeOf(declaration: ts.Node): ts.Node {
  let current = declaration.parent;
  while (current && !ts.isSourceFile(current) && !ts.isFunctionLike(current) && !ts.isBlock(current) && !ts.isClassLike(current) && !ts.isModuleBlock(current)) {
    current = current.parent;
  }
  return current ?? declaration.getSourceFile();
}

/** A local of an enclosing function or block that the selection uses, if any. */
function usedLocal(sourceFile: ts.SourceFile, start: number, end: number, checker: ts.TypeChecker): string | undefined {
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() <= start || node.getStart(sourceFile) >= end) return;
    if (ts.isIdentifier(node) && node.getStart(sourceFile) >= start && node.getEnd() <= end) {
      const declaration = checker.getSymbolAtLocation(node)?.declarations?.[0];
      const inside = declaration && declaration.getSourceFile() === sourceFile && declaration.getStart(sourceFile) >= start && declaration.getEnd() <= end;
      if (declaration && declaration.getSourceFile() === sourceFile && !inside && !ts.isSourceFile(scopeOf(declaration))) found = node.text;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

export function selectionTarget(sourceFile: ts.SourceFile, selectionStart: number, selectionEnd: number, checker?: ts.TypeChecker): SelectionTarget {
  const raw = sourceFile.text.slice(selectionStart, selectionEnd);
  const code = raw.trim();
  if (!code) return { ok: false, reason: 'nothing is selected' };
  const start = selectionStart + raw.indexOf(code);
  const end = start + code.length;
  const expression = parses(`(${code}\n);`);
  if (!expression && !parses(code)) return { ok: false, reason: 'the selection is neither whole statements nor one expression' };
  const parsed = ts.createSourceFile('selection.ts', expression ? `(${code}\n);` : code, ts.ScriptTarget.Latest, true);
  if (parsed.statements.some(yields)) return { ok: false, reason: 'the selection yields: benchmark its generator function instead' };
  const local = checker ? usedLocal(sourceFile, start, end, checker) : undefined;
  if (local) return { ok: false, reason: `the selection uses \`${local}\`, a local of the code around it: select code that uses only module-level names, or benchmark the function` };
  const async = parsed.statements.some(awaits);
  const first = sourceFile.getLineAndCharacterOfPosition(start).line;
  const last = sourceFile.getLineAndCharacterOfPosition(end).line;
  const hash = hashText(code);
  return {
    ok: true,
    target: {
      name: first === last ? `selection (line ${first + 1})` : `selection (lines ${first + 1}–${last + 1})`,
      kind: 'selection',
      key: `selection:${hash}`,
      hash,
      nameSpan: { start, end },
      span: { start, end },
      annotateLine: first,
      access: { kind: 'selection', code, expression, async },
      input: { kind: 'none' },
      async,
      generator: false,
    },
  };
}
