import ts from './ts-api.ts';
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
  toReversed: 'array', toSpliced: 'array', with: 'array', splice: 'array', split: 'string',
};

/**
 * Of those, the ones no other built-in has, so they return a fresh array even on a receiver of unknown type. The rest
 * also exist on iterators (`map`, `filter`, `flatMap`), typed arrays (`slice`, `toSorted`, `with`, …) or strings
 * (`slice`, `concat`), where the spread converts the result into an array; `splice` is also Immutable.js's `List#splice`.
 */
const FRESH_ON_ANY_RECEIVER: ReadonlySet<string> = new Set(['flat', 'toSpliced', 'split']);

/** Whether `expr` builds a new plain array that nothing else references (`a.map(f)`, `s.split(',')`, `Object.keys(o)`). */
export function isFreshArray(expr: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  const inner = skipOuter(expr);
  if (ts.isArrayLiteralExpression(inner)) return true;
  if (ts.isAwaitExpression(inner)) {
    const awaited = skipOuter(inner.expression);
    return ts.isCallExpression(awaited) && isStatic(awaited, 'Promise', ['all', 'allSettled']) && awaited.arguments.length === 1;
  }
  if (!ts.isCallExpression(inner) || inner.questionDotToken) return false;
  if (isStatic(inner, 'Array', ['from', 'of']) || isStatic(inner, 'Object', ['keys', 'values', 'entries'])) return true;
  const name = methodName(inner);
  const receiver = receiverOf(inner);
  const needs = name !== undefined && Object.hasOwn(FRESH_ARRAY_METHODS, name) ? FRESH_ARRAY_METHODS[name] : undefined;
  if (needs === undefined || receiver === undefined) return false;
  // A typed array's or an Array subclass's `map` returns its own kind, which the spread turned into a plain array.
  const kind = classify(receiver, checker);
  return kind === needs || (kind === 'unknown' && FRESH_ON_ANY_RECEIVER.has(name as string));
}

/** `Owner.name(…)` for one of `names`, without optional chaining (`Promise?.all`, `Promise.all?.()` stay unmatched). */
export function isStatic(call: ts.CallExpression, owner: string, names: readonly string[]): boolean {
  const callee = skipOuter(call.expression);
  return !call.questionDotToken && ts.isPropertyAccessExpression(callee) && !callee.questionDotToken &&
    ts.isIdentifier(callee.expression) && callee.expression.text === owner && names.includes(callee.name.text);
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

/**
 * Whether `body` only computes and assigns plain variables: it runs no unknown code and writes no property, so it
 * cannot change a live view (an `HTMLCollection`, a generator's state held in an object) it does not name.
 */
export function changesNothingShared(body: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  if (runsOpaqueCode(body, checker)) return false;
  const writesProperty = (node: ts.Node): boolean => {
    if (ts.isDeleteExpression(node)) return true;
    const target = ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment ? node.left
      : (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) ? node.operand
      : undefined;
    if (target && !ts.isIdentifier(skipOuter(target))) return true;
    return ts.forEachChild(node, writesProperty) ?? false;
  };
  return !writesProperty(body);
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

export const ITERATOR_METHODS: ReadonlySet<string> = new Set(['keys', 'values', 'entries']);

/** The built-in iterable `expr` is (an array, Set, Map, string, or `keys()`/`values()`/`entries()` of one) and what owns its contents. */
export function iterableSource(expr: ts.Expression, checker: ts.TypeChecker | undefined): { kind: string; owner: ts.Expression } | undefined {
  const kind = classify(expr, checker);
  if (kind === 'array' || kind === 'set' || kind === 'map' || kind === 'string') return { kind, owner: expr };
  const inner = skipOuter(expr);
  if (ts.isCallExpression(inner) && inner.arguments.length === 0 && ITERATOR_METHODS.has(methodName(inner) ?? '')) {
    const receiver = receiverOf(inner);
    const receiverKind = receiver && classify(receiver, checker);
    if (receiver && (receiverKind === 'array' || receiverKind === 'set' || receiverKind === 'map')) return { kind: 'iterator', owner: receiver };
  }
  return undefined;
}

/**
 * Another iterable the code spreads: 'proven' when the checker shows an iterable that is never null or undefined,
 * 'maybe' when its type is unknown (untyped JavaScript) or may be nullish, undefined when it is known not iterable.
 */
export function otherIterable(expr: ts.Expression, checker: ts.TypeChecker | undefined): 'proven' | 'maybe' | undefined {
  if (!checker) return 'maybe';
  const type = checker.getTypeAtLocation(expr);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'maybe';
  const nonNullable = checker.getNonNullableType(type);
  const parts = nonNullable.isUnion() ? nonNullable.types : [nonNullable];
  const iterable = parts.every((part) => checker.getPropertiesOfType(checker.getApparentType(part))
    .some((p) => (p.escapedName as string).startsWith('__@iterator')));
  if (!iterable) return undefined;
  return nonNullable === type ? 'proven' : 'maybe';
}
