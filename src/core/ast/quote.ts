import ts from './ts-api.ts';
import { referenceText } from './collections.ts';
import { nodeText } from './edits.ts';
import { skipOuter } from './iteration.ts';

/**
 * A short quotation of an expression for messages: references as written, calls with their arguments elided
 * (`orders.filter(…).map(…)`), anything else cut at 40 characters.
 */
export function quote(node: ts.Node, sourceFile: ts.SourceFile): string {
  const full = nodeText(node, sourceFile).replace(/\s+/g, ' ');
  const text = full.length <= 30 ? full : (ts.isExpression(node) ? shape(node, 0) : undefined) ?? full;
  return text.length > 48 ? `${text.slice(0, 45)}…` : text;
}

function shape(expr: ts.Expression, depth: number): string | undefined {
  if (depth > 8) return undefined;
  const reference = referenceText(expr);
  if (reference !== undefined) return reference;
  const inner = skipOuter(expr);
  if (ts.isCallExpression(inner)) {
    const callee = skipOuter(inner.expression);
    const args = inner.arguments.length === 0 ? '()' : '(…)';
    if (ts.isIdentifier(callee)) return `${callee.text}${args}`;
    if (ts.isPropertyAccessExpression(callee)) {
      const base = shape(callee.expression, depth + 1);
      return base === undefined ? undefined : `${base}${callee.questionDotToken ? '?.' : '.'}${callee.name.text}${args}`;
    }
  }
  return undefined;
}

/** Source text usable before `.name`: wrapped in parentheses unless it already binds tighter than member access. */
export function receiverText(expr: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = nodeText(expr, sourceFile);
  const tight = ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr) ||
    ts.isCallExpression(expr) || ts.isParenthesizedExpression(expr) || ts.isArrayLiteralExpression(expr) ||
    expr.kind === ts.SyntaxKind.ThisKeyword || ts.isNonNullExpression(expr);
  return tight ? text : `(${text})`;
}
