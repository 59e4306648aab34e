import ts from 'typescript';
import { classify, mayBeMutatedIn, referenceText } from './collections.ts';
import { methodName, receiverOf, skipOuter } from './iteration.ts';
import { localUsage } from './locals.ts';
import { isPure, isPureCall } from './purity.ts';

/** How an array is copied: `[...a]`, `Array.from(a)`, `a.slice()` / `a.slice(0)`, `a.concat()`. */
export type CopyKind = 'spread' | 'from' | 'slice' | 'concat';

export interface Copy {
  node: ts.Expression;
  source: ts.Expression;
  kind: CopyKind;
}

/** The copy `node` is, if it is one. Spread and `Array.from` turn holes into `undefined`; `slice` and `concat` keep them. */
export function copyAt(node: ts.Node): Copy | undefined {
  if (ts.isArrayLiteralExpression(node)) {
    const [only] = node.elements;
    return node.elements.length === 1 && ts.isSpreadElement(only) ? { node, source: only.expression, kind: 'spread' } : undefined;
  }
  if (!ts.isCallExpression(node) || node.questionDotToken) return undefined;
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken) return undefined;
  const name = callee.name.text;
  if (name === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array') {
    return node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0])
      ? { node, source: node.arguments[0], kind: 'from' } : undefined;
  }
  if (name === 'slice' && (node.arguments.length === 0 ||
    (node.arguments.length === 1 && ts.isNumericLiteral(node.arguments[0]) && node.arguments[0].text === '0'))) {
    return { node, source: callee.expression, kind: 'slice' };
  }
  if (name === 'concat' && node.arguments.length === 0) return { node, source: callee.expression, kind: 'concat' };
  return undefined;
}

/** `expr` with the parentheses, casts and `!` around it that keep its value, and what holds that. */
export function outerOf(expr: ts.Expression): { top: ts.Expression; parent: ts.Node } {
  let top: ts.Expression = expr;
  while (ts.isParenthesizedExpression(top.parent) || ts.isAsExpression(top.parent) || ts.isNonNullExpression(top.parent) ||
    ts.isSatisfiesExpression(top.parent) || ts.isTypeAssertionExpression(top.parent)) {
    top = top.parent;
  }
  return { top, parent: top.parent };
}

/** Methods returning a fresh array no one else holds, by the receiver kind they need. */
const FRESH_ARRAY_METHODS: Readonly<Record<string, 'array' | 'string'>> = {
  map: 'array', filter: 'array', flatMap: 'array', flat: 'array', slice: 'array', concat: 'array', toSorted: 'array',
  toReversed: 'array', toSpliced: 'array', with: 'array', split: 'string',
};

/** Whether `expr` builds a new plain array that nothing else references (`a.map(f)`, `s.split(',')`, `Object.keys(o)`). */
export function isFreshArray(expr: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  const inner = skipOuter(expr);
  if (ts.isArrayLiteralExpression(inner)) return true;
  if (ts.isAwaitExpression(inner)) {
    const awaited = skipOuter(inner.expression);
    return ts.isCallExpression(awaited) && isStatic(awaited, 'Promise', ['all', 'allSettled']);
  }
  if (!ts.isCallExpression(inner) || inner.questionDotToken) return false;
  if (isStatic(inner, 'Array', ['from', 'of']) || isStatic(inner, 'Object', ['keys', 'values', 'entries'])) return true;
  const name = methodName(inner);
  const receiver = receiverOf(inner);
  const needs = name !== undefined && Object.hasOwn(FRESH_ARRAY_METHODS, name) ? FRESH_ARRAY_METHODS[name] : undefined;
  // A typed array's or an Array subclass's `map` returns its own kind, which the spread turned into a plain array.
  return needs !== undefined && receiver !== undefined && classify(receiver, checker) === needs;
}

export function isStatic(call: ts.CallExpression, owner: string, names: readonly string[]): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === owner &&
    names.includes(callee.name.text);
}

const SET_MAP_MUTATORS: ReadonlySet<string> = new Set(['add', 'set', 'delete', 'clear']);

/** Calls that cannot change a collection they are not handed: logging, math, string and array readers. */
const HARMLESS_CALLEES: ReadonlySet<string> = new Set(['console', 'Math', 'JSON', 'Number', 'String', 'Date']);

/** Methods of a local collection that take no callback, so they run no one else's code. */
const FRESH_LOCAL_METHODS: ReadonlySet<string> = new Set([
  'push', 'unshift', 'pop', 'shift', 'add', 'set', 'get', 'has', 'delete', 'includes', 'indexOf', 'join', 'at',
]);

/**
 * Whether code in `bodies` (running while the collection is iterated) may change the collection `source`:
 * 'named' when it mutates it by name (or the collection has no name to check), 'opaque' when it calls unknown code
 * or awaits and the collection is not a local that never leaves its scope, otherwise 'no'.
 */
export function mayChangeDuring(
  source: ts.Expression, bodies: readonly ts.Node[], opaqueCode: boolean, checker: ts.TypeChecker | undefined,
): 'no' | 'named' | 'opaque' {
  const reference = referenceText(source);
  if (reference === undefined) return 'named';
  if (classify(source, checker) === 'string') return 'no';
  for (const body of bodies) {
    if (mayBeMutatedIn(reference, body) || mutatesSetOrMap(reference, body)) return 'named';
  }
  if (!opaqueCode && !bodies.some((body) => runsOpaqueCode(body, checker))) return 'no';
  const inner = skipOuter(source);
  const usage = ts.isIdentifier(inner) ? localUsage(inner, checker) : undefined;
  return usage && !usage.escapes ? 'no' : 'opaque';
}

function mutatesSetOrMap(reference: string, body: ts.Node): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isPropertyAccessExpression(callee) && SET_MAP_MUTATORS.has(callee.name.text) && referenceText(callee.expression) === reference) {
        return true;
      }
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(body);
}

/** Whether `body` calls something that could reach a shared collection, or lets other code run (`await`, `yield`). */
function runsOpaqueCode(body: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isTaggedTemplateExpression(node)) return true;
    if (ts.isForOfStatement(node) && node.awaitModifier) return true;
    if (ts.isNewExpression(node) && !isPure(node)) return true;
    if (ts.isCallExpression(node) && !isHarmlessCall(node, checker)) return true;
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(body);
}

function isHarmlessCall(call: ts.CallExpression, checker: ts.TypeChecker | undefined): boolean {
  if (isPureCall(call)) return true;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const base = skipOuter(callee.expression);
  if (ts.isIdentifier(base) && HARMLESS_CALLEES.has(base.text)) return true;
  // `out.push(x)` on a fresh local collection changes only that collection.
  if (ts.isIdentifier(base) && FRESH_LOCAL_METHODS.has(callee.name.text)) {
    const usage = localUsage(base, checker);
    const init = usage?.declaration.initializer && skipOuter(usage.declaration.initializer);
    return !!init && usage?.isConst === true && (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init) ||
      (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && ['Set', 'Map'].includes(init.expression.text)));
  }
  return false;
}
