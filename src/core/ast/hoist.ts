import ts from './ts-api.ts';
import type { TextEdit } from '../types.ts';
import { applyEdits, indentationOf, insertLinesBefore } from './edits.ts';
import { isFunctionLike } from './iteration.ts';

/**
 * Where code computed once can run right before `node`: before the statement holding it, or — when
 * `node` sits in the expression body of an arrow — at the top of that body turned into a block.
 */
export type HoistTarget =
  | { kind: 'statement'; statement: ts.Statement }
  | { kind: 'arrow'; arrow: ts.ArrowFunction; body: ts.ConciseBody };

/** The place `hoistEdits` inserts before; undefined inside class fields, parameter defaults and the like. */
export function hoistTarget(node: ts.Node): HoistTarget | undefined {
  for (let current = node; ; current = current.parent) {
    const parent = current.parent;
    if (!parent) return undefined;
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) ||
      ts.isModuleBlock(parent)) {
      return { kind: 'statement', statement: current as ts.Statement };
    }
    if (ts.isArrowFunction(parent) && parent.body === current) return { kind: 'arrow', arrow: parent, body: parent.body };
    if (isFunctionLike(parent) || ts.isClassLike(parent) || ts.isParameter(parent) || ts.isPropertyDeclaration(parent)) {
      return undefined;
    }
  }
}

/** The code the hoisted lines run before: the statement, or the arrow body. */
export function hoistScope(target: HoistTarget): ts.Node {
  return target.kind === 'statement' ? target.statement : target.body;
}

/**
 * Edits that insert `lines` at `target` and apply `replacements` (which must lie inside the hoist scope when
 * the target is an arrow body, whose text is rewritten as a whole).
 */
export function hoistEdits(target: HoistTarget, lines: string[], replacements: TextEdit[], sourceFile: ts.SourceFile): TextEdit[] {
  if (target.kind === 'statement') return [insertLinesBefore(target.statement, sourceFile, lines), ...replacements];
  const start = target.body.getStart(sourceFile);
  const end = target.body.getEnd();
  const relative = replacements.map((r) => ({ start: r.start - start, end: r.end - start, newText: r.newText }));
  const body = applyEdits(sourceFile.text.slice(start, end), relative);
  const indent = indentationOf(target.arrow, sourceFile);
  const inner = indent + (indent.includes('\t') ? '\t' : '  ');
  const block = ['{', ...lines.map((l) => `${inner}${l}`), `${inner}return ${body};`, `${indent}}`].join('\n');
  return [{ start, end, newText: block }];
}
