import ts from './ts-api.ts';
import { isVariableReference } from './bindings.ts';
import { findDeclaration, isTinyConstantArray } from './collections.ts';
import { methodName, receiverOf, skipOuter } from './iteration.ts';
import { NodeMemo } from './memo.ts';

/** Tables of at most this many entries are configuration, not data: a loop over one takes a handful of turns. */
export const TABLE_LIMIT = 16;

/** Methods that change an array, Set, Map or object in place. */
const MUTATORS: ReadonlySet<string> = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear',
]);
/** Calls that read their argument (or copy it) and keep no reference to it. */
const READERS: ReadonlySet<string> = new Set([
  'Object.keys', 'Object.values', 'Object.entries', 'Array.from', 'Array.isArray', 'JSON.stringify',
]);
const VIEWS: ReadonlySet<string> = new Set(['entries', 'keys', 'values']);

/**
 * Whether walking `expr` takes at most `TABLE_LIMIT` turns whatever the input: a literal of that many entries
 * (an array, `new Map([...])`, `new Set([...])`, `Object.freeze([...])`, an object walked with `Object.keys` / `for…in`),
 * or a `const` bound to one that nothing can change: every use in its scope only reads it, and it is not exported.
 * Its entries may be anything (objects, functions): only their number matters. `T.entries()` / `.keys()` / `.values()`
 * and `Object.entries(T)` / `keys` / `values` walk as many entries as `T`.
 */
export function isBoundedCollection(expr: ts.Expression): boolean {
  // Asked for every loop around each lookup and each loop's collection: the same nodes again and again.
  let answer = bounded.get(expr);
  if (answer === undefined) bounded.set(expr, (answer = boundedNow(expr)));
  return answer;
}

const bounded = new NodeMemo<boolean>();

function boundedNow(expr: ts.Expression): boolean {
  const inner = skipOuter(expr);
  if (isTinyConstantArray(inner)) return true;
  if (ts.isCallExpression(inner)) {
    const method = methodName(inner);
    const receiver = receiverOf(inner);
    if (method && VIEWS.has(method) && receiver && inner.arguments.length === 0) {
      const owner = skipOuter(receiver);
      return ts.isIdentifier(owner) && owner.text === 'Object' ? false : isBoundedCollection(receiver);
    }
    if (method && VIEWS.has(method) && calleeText(inner) === `Object.${method}` && inner.arguments.length === 1) {
      return isBoundedCollection(inner.arguments[0]);
    }
  }
  if (ts.isIdentifier(inner)) return isBoundedTable(inner);
  return tableEntries(inner) !== undefined;
}

const tables = new NodeMemo<boolean>();

function isBoundedTable(name: ts.Identifier): boolean {
  const declaration = findDeclaration(name);
  if (!declaration?.isConst || !declaration.initializer || !ts.isVariableDeclaration(declaration.node)) return false;
  let answer = tables.get(declaration.node);
  if (answer === undefined) {
    answer = tableEntries(skipOuter(declaration.initializer)) !== undefined && isOnlyRead(declaration.node, name.text);
    tables.set(declaration.node, answer);
  }
  return answer;
}

/** The number of entries of a literal table of at most `TABLE_LIMIT` entries, without spreads. */
function tableEntries(expr: ts.Expression): number | undefined {
  const inner = skipOuter(expr);
  if (ts.isArrayLiteralExpression(inner)) {
    return inner.elements.length <= TABLE_LIMIT && !inner.elements.some(ts.isSpreadElement) ? inner.elements.length : undefined;
  }
  if (ts.isObjectLiteralExpression(inner)) {
    return inner.properties.length <= TABLE_LIMIT && !inner.properties.some(ts.isSpreadAssignment) ? inner.properties.length : undefined;
  }
  const [only, ...more] = (ts.isNewExpression(inner) || ts.isCallExpression(inner)) ? inner.arguments ?? [] : [];
  if (!only || more.length > 0 || !ts.isArrayLiteralExpression(skipOuter(only))) return undefined;
  const callee = ts.isNewExpression(inner) ? skipOuter(inner.expression) : undefined;
  const wraps = callee && ts.isIdentifier(callee) ? callee.text === 'Map' || callee.text === 'Set'
    : ts.isCallExpression(inner) && calleeText(inner) === 'Object.freeze';
  return wraps ? tableEntries(only) : undefined;
}

function calleeText(call: ts.CallExpression): string | undefined {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
    ? `${callee.expression.text}.${callee.name.text}` : undefined;
}

/**
 * Whether every mention of `name` in the scope of `declaration` only reads the table: walks it, reads an entry or its
 * size, calls a method that does not change it, or copies it. Anything else (an assignment, a mutating method, handing
 * it to a call, storing or exporting it) may let it grow. A shadowing name counts too, which only errs on the quiet side.
 */
function isOnlyRead(declaration: ts.VariableDeclaration, name: string): boolean {
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
  const scope = statement.parent;
  let escapes = false;
  const visit = (node: ts.Node): void => {
    if (escapes) return;
    if (ts.isIdentifier(node) && node.text === name) {
      if (ts.isExportSpecifier(node.parent) || ts.isExportAssignment(node.parent)) escapes = true;
      else if (node !== declaration.name && isVariableReference(node)) escapes = !isRead(node);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return !escapes;
}

function isRead(reference: ts.Identifier): boolean {
  let top: ts.Node = reference;
  while (ts.isParenthesizedExpression(top.parent) || ts.isNonNullExpression(top.parent) || ts.isAsExpression(top.parent) ||
    ts.isSatisfiesExpression(top.parent)) top = top.parent;
  const parent = top.parent;
  if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.expression === top) return true;
  if (ts.isSpreadElement(parent) || ts.isTypeOfExpression(parent) || ts.isTypeQueryNode(parent)) return true;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === top) {
    const grand = parent.parent;
    if (ts.isCallExpression(grand) && grand.expression === parent) {
      const method = methodName(grand);
      return method !== undefined && !MUTATORS.has(method);
    }
    if (ts.isDeleteExpression(grand)) return false;
    if ((ts.isPrefixUnaryExpression(grand) || ts.isPostfixUnaryExpression(grand)) &&
      (grand.operator === ts.SyntaxKind.PlusPlusToken || grand.operator === ts.SyntaxKind.MinusMinusToken)) return false;
    return !(ts.isBinaryExpression(grand) && grand.left === parent &&
      grand.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && grand.operatorToken.kind <= ts.SyntaxKind.LastAssignment);
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(top as ts.Expression)) {
    const callee = calleeText(parent);
    return callee !== undefined && READERS.has(callee);
  }
  if (ts.isNewExpression(parent) && parent.arguments?.includes(top as ts.Expression)) {
    const callee = skipOuter(parent.expression);
    return ts.isIdentifier(callee) && (callee.text === 'Set' || callee.text === 'Map');
  }
  return false;
}
