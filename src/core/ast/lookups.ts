import ts from './ts-api.ts';
import { isVariableReference } from './bindings.ts';
import { skipOuter } from './iteration.ts';

/** An equality in a lookup predicate between a key of the element and a value that does not depend on it. */
export interface KeyedTest {
  fn: ts.ArrowFunction | ts.FunctionExpression;
  /** The element parameter's name. */
  element: string;
  /** `id` or `profile.id` in `u => u.profile.id === x`; '' when the element itself is compared. */
  path: string;
  keyNode: ts.Expression;
  value: ts.Expression;
  comparison: ts.BinaryExpression;
  /** The predicate is exactly this comparison, reads only the element, and the call passes no `thisArg`. */
  exact: boolean;
}

/**
 * `u => u.id === order.userId` (or `a && u.id === x && b`); for `every`, the negated form `u => u.id !== x`.
 * Undefined when the callback is not written inline or compares nothing that a hash index could answer.
 */
export function keyedTest(call: ts.CallExpression, negated: boolean): KeyedTest | undefined {
  const fn = call.arguments[0] && skipOuter(call.arguments[0]);
  if (!fn || (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn))) return undefined;
  const param = fn.parameters[0];
  if (!param || !ts.isIdentifier(param.name) || param.dotDotDotToken) return undefined;
  const element = param.name.text;
  const body = returnedExpression(fn);
  if (!body) return undefined;
  const parts = operands(body, negated ? ts.SyntaxKind.BarBarToken : ts.SyntaxKind.AmpersandAmpersandToken);
  for (const part of parts) {
    if (!ts.isBinaryExpression(part)) continue;
    const op = part.operatorToken.kind;
    const strict = negated ? op === ts.SyntaxKind.ExclamationEqualsEqualsToken : op === ts.SyntaxKind.EqualsEqualsEqualsToken;
    const loose = negated ? op === ts.SyntaxKind.ExclamationEqualsToken : op === ts.SyntaxKind.EqualsEqualsToken;
    if (!strict && !loose) continue;
    for (const [key, value] of [[part.left, part.right], [part.right, part.left]]) {
      const path = keyPath(key, element);
      if (path === undefined || readsName(value, element)) continue;
      const onlyElement = !param.initializer && fn.parameters.slice(1).every((p) => ts.isIdentifier(p.name) && !p.initializer &&
        !p.dotDotDotToken && !readsName(fn.body, p.name.text));
      const usesThis = ts.isFunctionExpression(fn) && containsThisOrArguments(fn.body);
      const exact = parts.length === 1 && onlyElement && !usesThis && call.arguments.length === 1;
      return { fn, element, path, keyNode: skipOuter(key), value: skipOuter(value), comparison: part, exact };
    }
  }
  return undefined;
}

/** The value an inline callback returns: its expression body or the expression of its only statement. */
export function returnedExpression(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return skipOuter(fn.body);
  const only = fn.body.statements.length === 1 ? fn.body.statements[0] : undefined;
  return only && ts.isReturnStatement(only) && only.expression ? skipOuter(only.expression) : undefined;
}

function operands(expr: ts.Expression, operator: ts.SyntaxKind): ts.Expression[] {
  const inner = skipOuter(expr);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === operator) {
    return [...operands(inner.left, operator), ...operands(inner.right, operator)];
  }
  return [inner];
}

/** '' for `x`, `a.b` for `x.a.b`; undefined for anything else (calls, `?.`, computed keys). */
export function keyPath(expr: ts.Expression, element: string): string | undefined {
  const inner = skipOuter(expr);
  if (ts.isIdentifier(inner)) return inner.text === element ? '' : undefined;
  if (ts.isPropertyAccessExpression(inner) && !inner.questionDotToken && ts.isIdentifier(inner.name)) {
    const base = keyPath(inner.expression, element);
    return base === undefined ? undefined : base === '' ? inner.name.text : `${base}.${inner.name.text}`;
  }
  return undefined;
}

/** Whether `node` reads the variable `name` (property names and declarations do not count). */
export function readsName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name && isVariableReference(node);
  return ts.forEachChild(node, (child) => readsName(child, name) || undefined) ?? false;
}

function containsThisOrArguments(node: ts.Node): boolean {
  if (node.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(node) && node.text === 'arguments')) return true;
  if (ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) return false;
  return ts.forEachChild(node, (child) => containsThisOrArguments(child) || undefined) ?? false;
}

/** Identifiers, `this`, literals and property reads without `?.`: reading it once or many times is the same. */
export function isPlainValue(expr: ts.Expression): boolean {
  const inner = skipOuter(expr);
  if (ts.isIdentifier(inner) || ts.isStringLiteralLike(inner) || ts.isNumericLiteral(inner) || ts.isBigIntLiteral(inner)) return true;
  if (inner.kind === ts.SyntaxKind.ThisKeyword || inner.kind === ts.SyntaxKind.TrueKeyword ||
    inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.MinusToken) return ts.isNumericLiteral(inner.operand);
  return ts.isPropertyAccessExpression(inner) && !inner.questionDotToken && !ts.isPrivateIdentifier(inner.name) &&
    isPlainValue(inner.expression);
}

const VAGUE = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.Index |
  ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution;

/** Whether a value of `type` may be NaN: `number`, `any`, generics; not literal numbers, strings, objects. */
export function mayBeNaN(type: ts.Type): boolean {
  if (type.isUnion() || type.isIntersection()) return type.types.some(mayBeNaN);
  return (type.flags & (VAGUE | ts.TypeFlags.Number)) !== 0;
}

/** Whether a value of `type` may be undefined; without strict null checks every type may. */
export function mayBeUndefined(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (!strictNullChecks(checker)) return true;
  if (type.isUnion()) return type.types.some((t) => mayBeUndefined(t, checker));
  return (type.flags & (VAGUE | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;
}

/** Whether a value of `type` may be null or undefined (what `new Set(x)` would silently accept). */
export function mayBeNullish(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (!strictNullChecks(checker)) return true;
  if (type.isUnion()) return type.types.some((t) => mayBeNullish(t, checker));
  return (type.flags & (VAGUE | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Null)) !== 0;
}

const strictness = new WeakMap<ts.TypeChecker, boolean>();

/** Under `strictNullChecks: false` the checker adds no `undefined` to a type, so the two types stay the same object. */
function strictNullChecks(checker: ts.TypeChecker): boolean {
  let strict = strictness.get(checker);
  if (strict === undefined) {
    const string = checker.getStringType();
    strict = checker.getNullableType(string, ts.TypeFlags.Undefined) !== string;
    strictness.set(checker, strict);
  }
  return strict;
}

/** 'string', 'number', 'bigint' or 'boolean' when every member of `type` is of that primitive. */
export function primitiveOf(type: ts.Type): 'string' | 'number' | 'bigint' | 'boolean' | undefined {
  const members = type.isUnion() ? type.types : [type];
  const kinds = new Set(members.map((t) => t.flags & ts.TypeFlags.StringLike ? 'string' : t.flags & ts.TypeFlags.NumberLike ? 'number'
    : t.flags & ts.TypeFlags.BigIntLike ? 'bigint' : t.flags & ts.TypeFlags.BooleanLike ? 'boolean' : 'other'));
  const [kind] = kinds;
  return kinds.size === 1 && kind !== 'other' ? kind as 'string' | 'number' | 'bigint' | 'boolean' : undefined;
}
