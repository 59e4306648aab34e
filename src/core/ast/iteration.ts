import ts from './ts-api.ts';
import { NodeMemo } from './memo.ts';

export type IterationKind = 'for' | 'for-of' | 'for-in' | 'while' | 'do' | 'callback';

/** A construct whose body runs once per element (or per turn) of something. */
export interface Iteration {
  kind: IterationKind;
  /** The loop statement, or the call whose callback iterates (`users.map(...)`). */
  node: ts.Node;
  /** The part that repeats: the loop body, or the callback function. */
  body: ts.Node;
  /** What is iterated, when it can be named: `users` in `for (u of users)`, `users.map(...)`, `i < users.length`. */
  collection?: ts.Expression;
  /** For callbacks, the iteration method (`map`, `forEach`, …). */
  method?: string;
}

/** Array / Set / Map methods whose callback runs once per element. */
export const ITERATION_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'flatMap',
  'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex',
]);

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node);
}

export function methodName(call: ts.CallExpression): string | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
    return callee.argumentExpression.text;
  }
  return undefined;
}

/** The object a method is called on: `users` in `users.map(f)`. */
export function receiverOf(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

/** Drops parentheses, `as`, `!` and `satisfies` that do not change the value. */
export function skipOuter(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) ||
      ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The iteration-method call that `fn` is the callback of, if any. */
export function iterationCallOf(fn: ts.Node): ts.CallExpression | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const name = methodName(call);
  return name !== undefined && ITERATION_METHODS.has(name) ? call : undefined;
}

/**
 * Iterations enclosing `node`, innermost first. Stops at a function that is not an iteration
 * callback: such a function may run once, or never, whatever loop it is written in.
 */
export function enclosingIterations(node: ts.Node): Iteration[] {
  const found: Iteration[] = [];
  for (let step = significantAncestor(node); step && !ts.isSourceFile(step.ancestor); step = significantAncestor(step.ancestor)) {
    const current = step.ancestor;
    if (isFunctionLike(current)) {
      const call = iterationCallOf(current);
      if (!call) break;
      found.push({ kind: 'callback', node: call, body: current, collection: receiverOf(call), method: methodName(call) });
      step = { ancestor: call, child: call };
      continue;
    }
    if (ts.isClassLike(current)) break;
    const loop = loopIteration(current, step.child);
    if (loop) found.push(loop);
  }
  return found;
}

/** The only ancestors `enclosingIterations` acts on; every other kind is passed through. */
function isSignificant(node: ts.Node): boolean {
  return isFunctionLike(node) || ts.isClassLike(node) || ts.isSourceFile(node) || ts.isForOfStatement(node) ||
    ts.isForInStatement(node) || ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

interface AncestorStep {
  ancestor: ts.Node;
  /** The ancestor's child on the way up (which part of a loop the node is in). */
  child: ts.Node;
}

const significant = new NodeMemo<AncestorStep>();

/**
 * The nearest significant ancestor strictly above `node`. Remembered for every node passed on the
 * way up, so asking from each call of a 2,000-step chain costs linear, not quadratic, time.
 */
function significantAncestor(node: ts.Node): AncestorStep | undefined {
  const visited: ts.Node[] = [];
  let step: AncestorStep | undefined;
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    step = significant.get(child);
    if (step) break;
    visited.push(child);
    if (isSignificant(current)) {
      step = { ancestor: current, child };
      break;
    }
  }
  if (step) for (const passed of visited) significant.set(passed, step);
  return step;
}

/** The iteration `loop` performs if `child` is a part of it that repeats. */
function loopIteration(loop: ts.Node, child: ts.Node): Iteration | undefined {
  if (ts.isForOfStatement(loop) && child === loop.statement) {
    return { kind: 'for-of', node: loop, body: loop.statement, collection: loop.expression };
  }
  if (ts.isForInStatement(loop) && child === loop.statement) {
    return { kind: 'for-in', node: loop, body: loop.statement, collection: loop.expression };
  }
  if (ts.isForStatement(loop) && child !== loop.initializer) {
    return { kind: 'for', node: loop, body: loop.statement, collection: lengthBound(loop.condition) };
  }
  if (ts.isWhileStatement(loop)) {
    return { kind: 'while', node: loop, body: loop.statement, collection: lengthBound(loop.expression) };
  }
  if (ts.isDoStatement(loop)) {
    return { kind: 'do', node: loop, body: loop.statement, collection: lengthBound(loop.expression) };
  }
  return undefined;
}

/** `items` in `i < items.length`, `items.length > 0`, `items.length`. */
function lengthBound(condition: ts.Expression | undefined): ts.Expression | undefined {
  if (!condition) return undefined;
  const expr = skipOuter(condition);
  const lengthOf = (e: ts.Expression) => {
    const inner = skipOuter(e);
    return ts.isPropertyAccessExpression(inner) && inner.name.text === 'length' ? inner.expression : undefined;
  };
  if (ts.isBinaryExpression(expr)) return lengthOf(expr.right) ?? lengthOf(expr.left);
  if (ts.isPrefixUnaryExpression(expr)) return undefined;
  return lengthOf(expr);
}

/**
 * True when the loop body ends every path in its first turn (`for (...) { ...; return x; }`):
 * such a loop is a guarded lookup, not repeated work.
 */
export function exitsOnFirstTurn(iteration: Iteration): boolean {
  if (iteration.kind === 'callback') return false;
  const body = iteration.body;
  const last = ts.isBlock(body) ? body.statements[body.statements.length - 1] : body;
  if (!last) return false;
  return ts.isReturnStatement(last) || ts.isThrowStatement(last) || (ts.isBreakStatement(last) && !last.label);
}

/** The statement list member that contains `node` (where code can be inserted before it). */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    const parent = current.parent;
    if (parent && (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) ||
      ts.isDefaultClause(parent) || ts.isModuleBlock(parent))) {
      return current as ts.Statement;
    }
  }
  return undefined;
}
