import ts from './ts-api.ts';
import { isFunctionLike, skipOuter } from './iteration.ts';
import { NodeMemo } from './memo.ts';

/** Global functions that only compute a value from their arguments. */
const PURE_GLOBALS: ReadonlySet<string> = new Set([
  'String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
  'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI',
]);

/** `Namespace.fn(…)` builtins without side effects (`Math.random` changes generator state, so it is not here). */
const PURE_STATICS: Readonly<Record<string, ReadonlySet<string>>> = {
  Math: new Set(['abs', 'ceil', 'floor', 'round', 'trunc', 'sign', 'min', 'max', 'pow', 'sqrt', 'cbrt', 'log', 'log2', 'log10', 'exp', 'hypot', 'sin', 'cos', 'tan', 'atan2']),
  Number: new Set(['isInteger', 'isFinite', 'isNaN', 'isSafeInteger', 'parseFloat', 'parseInt']),
  Object: new Set(['keys', 'values', 'entries', 'is', 'hasOwn']),
  Array: new Set(['isArray', 'of']),
  String: new Set(['fromCharCode', 'fromCodePoint']),
};

/**
 * Method names that read their receiver and return a new value on every builtin that has them
 * (strings, arrays, Sets, Maps, numbers, dates). `test`/`exec` are absent: a global RegExp moves `lastIndex`.
 */
const PURE_METHODS: ReadonlySet<string> = new Set([
  'includes', 'indexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase',
  'toLocaleUpperCase', 'trim', 'trimStart', 'trimEnd', 'padStart', 'padEnd', 'slice', 'substring', 'charAt', 'charCodeAt',
  'codePointAt', 'at', 'split', 'join', 'concat', 'localeCompare', 'normalize', 'repeat', 'toFixed', 'toPrecision',
  'toString', 'valueOf', 'has', 'getTime', 'toISOString', 'flat', 'keys', 'values', 'entries',
  'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'map', 'filter', 'reduce', 'reduceRight', 'flatMap',
  'replace', 'replaceAll',
]);

/** Pure methods that call a function argument: that argument must itself be visibly pure. */
const CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'map', 'filter', 'reduce', 'reduceRight', 'flatMap',
  'replace', 'replaceAll',
]);

const PURE_CONSTRUCTORS: ReadonlySet<string> = new Set(['Set', 'Map', 'Date', 'Array', 'RegExp', 'URLSearchParams']);

/** Builtins that read only their first argument, so calling them with (value, index, array) equals calling them with value. */
export const UNARY_BUILTINS: ReadonlySet<string> = new Set(['Boolean', 'Number', 'String']);

/**
 * Whether evaluating `node` can have no effect anyone observes: no assignments, `++`, `delete`, `await`,
 * `yield`, or calls other than known side-effect-free builtins. Property reads count as pure (a getter with
 * effects would make this wrong, and the rule docs say so).
 */
export function isPure(node: ts.Node): boolean {
  let pure = true;
  const visit = (current: ts.Node): void => {
    if (!pure) return;
    if (ts.isBinaryExpression(current) && current.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      current.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      pure = false;
    } else if ((ts.isPrefixUnaryExpression(current) || ts.isPostfixUnaryExpression(current)) &&
      (current.operator === ts.SyntaxKind.PlusPlusToken || current.operator === ts.SyntaxKind.MinusMinusToken)) {
      pure = false;
    } else if (ts.isDeleteExpression(current) || ts.isAwaitExpression(current) || ts.isYieldExpression(current) ||
      ts.isTaggedTemplateExpression(current) || ts.isForStatement(current) || ts.isWhileStatement(current) ||
      ts.isDoStatement(current) || ts.isForOfStatement(current) || ts.isForInStatement(current)) {
      pure = false;
    } else if (ts.isCallExpression(current)) {
      pure = isPureCall(current);
    } else if (ts.isNewExpression(current)) {
      pure = ts.isIdentifier(current.expression) && PURE_CONSTRUCTORS.has(current.expression.text);
    }
    if (pure) ts.forEachChild(current, visit);
  };
  visit(node);
  return pure;
}

/** Whether the call itself has no effect, its arguments aside (a callback argument must be inline or a pure builtin). */
export function isPureCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return PURE_GLOBALS.has(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  if (ts.isIdentifier(callee.expression) && PURE_STATICS[callee.expression.text]) {
    return PURE_STATICS[callee.expression.text].has(name);
  }
  if (!PURE_METHODS.has(name)) return false;
  if (!CALLBACK_METHODS.has(name)) return true;
  // A callback argument runs inside the call: it must be written inline (its body is checked) or be a pure builtin.
  const callbacks = name === 'replace' || name === 'replaceAll' ? call.arguments.slice(1, 2) : call.arguments.slice(0, 1);
  return callbacks.every((arg) => {
    const inner = skipOuter(arg);
    return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isStringLiteralLike(inner) ||
      (ts.isIdentifier(inner) && UNARY_BUILTINS.has(inner.text));
  });
}

/** A callback as the array methods see it. */
export interface CallbackInfo {
  node: ts.Expression;
  /** The inline function, when the callback is written in place. */
  fn?: ts.ArrowFunction | ts.FunctionExpression;
  /** How many leading arguments the callback may read: `(x, i) => x + i` reads 2; an unknown function may read all. */
  reads: number;
  /** Whether calling it has no observable effect. */
  pure: boolean;
}

const callbacks = new NodeMemo<CallbackInfo>();

/**
 * What is known about a function passed to an array method. Remembered per callback: each call of a chain
 * `a.map(f).filter(g).map(h)` is looked at as a possible end of it, and would otherwise walk every body again.
 */
export function callbackInfo(arg: ts.Expression): CallbackInfo {
  let info = callbacks.get(arg);
  if (!info) callbacks.set(arg, (info = describeCallback(arg)));
  return info;
}

function describeCallback(arg: ts.Expression): CallbackInfo {
  const inner = skipOuter(arg);
  if (ts.isIdentifier(inner) && UNARY_BUILTINS.has(inner.text)) return { node: arg, reads: 1, pure: true };
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return { node: arg, reads: Infinity, pure: false };
  let reads = 0;
  inner.parameters.forEach((param, index) => {
    if (param.dotDotDotToken) reads = Infinity;
    else if (!ts.isIdentifier(param.name) || param.initializer || usesName(inner.body, param.name.text)) reads = Math.max(reads, index + 1);
  });
  if (ts.isFunctionExpression(inner) && usesName(inner.body, 'arguments')) reads = Infinity;
  return { node: arg, fn: inner, reads, pure: isPure(inner.body) && inner.parameters.every((p) => !p.initializer || isPure(p.initializer)) };
}

/** Whether an identifier spelled `name` occurs in `node` outside nested non-arrow functions' own `arguments`. */
export function usesName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  if (name === 'arguments' && isFunctionLike(node) && !ts.isArrowFunction(node)) return false;
  return ts.forEachChild(node, (child) => usesName(child, name) || undefined) ?? false;
}
