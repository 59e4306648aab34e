import ts from '../ast/ts-api.ts';
import {
  contains, declarationKeyword, declarationOf, isInNestedFunction, isMemberBase, mentions, owningFunction,
  ownReturns, referencesTo, valueCarrier, valueLeaves,
} from '../ast/bindings.ts';
import { classify, referenceText } from '../ast/collections.ts';
import { nodeText, replaceNode } from '../ast/edits.ts';
import type { Iteration } from '../ast/iteration.ts';
import { enclosingIterations, exitsOnFirstTurn, isFunctionLike, methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import type { Fix, Rule, RuleContext, TextEdit } from '../types.ts';

/** How the accumulator is copied: `[...acc, x]`, `{ ...acc, k: v }`, `Object.assign({}, acc, o)`, `acc.concat(x)`. */
type Shape = 'array' | 'object' | 'assign' | 'concat';

interface Copy {
  source: ts.Identifier;
  /** The expression whose value is the fresh copy. */
  value: ts.Expression;
  shape: Shape;
  report: ts.Node;
}

type Site =
  | { kind: 'reduce'; call: ts.CallExpression; callback: ts.ArrowFunction | ts.FunctionExpression; accumulator: ts.ParameterDeclaration }
  | { kind: 'loop'; iterations: Iteration[]; declaration: ts.VariableDeclaration; assignment: ts.BinaryExpression };

const PROTO_CAVEAT = "if a key can be `'__proto__'`, assigning it replaces the accumulator's prototype where the spread defined an own property";

export const accumulatingSpread: Rule = {
  id: 'accumulating-spread',
  family: 'quadratic',
  defaultSeverity: 'warning',
  fixSafety: 'mixed',
  types: 'optional',
  summary: 'An accumulator copied on every step of `reduce` or a loop (`[...acc, x]`, `{ ...acc, [k]: v }`, `acc.concat(x)`).',
  why: [
    'Spreading, `Object.assign({}, acc, …)` and `concat` allocate a new array or object and copy every element or',
    'property of the accumulator into it. Done once per step of a `reduce` callback or a loop, the copies add up to',
    '1 + 2 + … + n = O(n²) work and garbage for n steps: a reduce over 10,000 items copies about 50 million entries.',
    'Mutating one accumulator that nobody else holds gives the same result in O(n).',
  ].join(' '),
  fixSafetyNotes: [
    [
      'The fix mutates the accumulator: `[...acc, x]` becomes `acc.push(x)`, `{ ...acc, [k]: v }` becomes `acc[k] = v`,',
      '`Object.assign({}, acc, o)` becomes `Object.assign(acc, o)`, `acc.concat(x)` becomes `acc.push(x)`. Mutation is only',
      'unobservable when no one else can see an intermediate accumulator, so a fix is offered only when: the initial value is',
      'a fresh array or object literal (a `reduce` seed, or the `let` the loop reassigns, declared in the same function);',
      'the accumulator spread comes first (`[x, ...acc]` is reported without a fix); every value the callback returns, or the',
      'loop assigns, is the accumulator or a fresh literal of the same kind; and the accumulator is never stored, passed to',
      'a call, captured by a nested function, or (loop form) returned or read as a whole before the loop ends.',
    ].join(' '),
    [
      'The fix is marked **safe** when it keeps behaviour exactly. It is a suggestion (unsafe) when: a computed key is',
      "not proven by the checker to be a number, symbol or string literal other than `'__proto__'` (assignment through",
      "`'__proto__'` sets the prototype where a spread defines a property); an extra `...o` becomes `Object.assign(acc, o)`",
      "(same `'__proto__'` caveat); an array spread `...xs` becomes `push(...xs)`, which throws a RangeError past the engine's",
      'argument limit (about 100,000); the `reduce` receiver is not known to be an array (a custom `reduce` could keep',
      'intermediate accumulators); or TypeScript would reject `acc[k] = v` because the accumulator type has no index',
      'signature. A `concat` argument becomes a `push` argument only when the checker proves it is a primitive (an array',
      'argument is flattened by `concat`, so it becomes an unsafe `...arg`). With several new properties that read the',
      'accumulator, no fix is offered: `{ ...acc, a: acc.b, b: acc.a }` reads the old values, sequential assignments would not.',
      '`Object.fromEntries(items.map((x) => [key(x), value(x)]))` is often the clearest rewrite of an object-building reduce;',
      'write it by hand when it reads better.',
    ].join(' '),
    [
      'Not reported: copy-on-write, where the copy is guarded by the accumulator\'s identity (`if (acc === original) acc =',
      '[...acc];`) or by a flag its branch sets (`if (!copied) { acc = [...acc, x]; copied = true; }`). The copy makes its own',
      'guard false, so it runs at most once, unless the loop re-arms the guard: assigns the accumulator anything but a fresh',
      'value, reassigns the original, or resets the flag. Those loops are still reported.',
    ].join(' '),
  ].join('\n\n'),
  examples: {
    invalid: [
      `interface User { id: string; name: string }
declare const users: User[];
const names = users.reduce((acc, user) => [...acc, user.name], [] as string[]);`,
      `declare const entries: [string, number][];
const totals = entries.reduce((acc, [key, value]) => ({ ...acc, [key]: value }), {} as Record<string, number>);`,
      `declare const lines: string[];
export function parse(): string[][] {
  let rows: string[][] = [];
  for (const line of lines) {
    rows = [...rows, line.split(',')];
  }
  return rows;
}`,
      `declare const patches: object[];
const merged = patches.reduce((acc, patch) => Object.assign({}, acc, patch), {});`,
    ],
    valid: [
      `declare const users: { name: string }[];
const names = users.reduce((acc, user) => { acc.push(user.name); return acc; }, [] as string[]);`,
      `declare const groups: string[][];
const total = groups.reduce((acc, group) => acc + [...group].length, 0);`,
      `declare const defaults: object; declare const items: string[];
const configs = items.map((name) => ({ ...defaults, name }));`,
      `declare const patches: object[];
const merged = patches.reduce((acc, patch) => Object.assign(acc, patch), {});`,
      `export function withExtras(base: string[], groups: string[][]): string[] {
  let list = base;
  for (const group of groups) {
    if (list === base) list = [...list];
    list.push(...group);
  }
  return list;
}`,
    ],
  },
  kinds: [ts.SyntaxKind.SpreadElement, ts.SyntaxKind.SpreadAssignment, ts.SyntaxKind.CallExpression],
  calls: ['assign', 'concat'],
  check(node, context) {
    for (const copy of copiesAt(node)) {
      const site = reduceSite(copy, context.checker) ?? loopSite(copy, context.checker);
      if (site) {
        report(copy, site, context);
        return;
      }
    }
  },
};

function copiesAt(node: ts.Node): Copy[] {
  if (ts.isSpreadElement(node) && ts.isArrayLiteralExpression(node.parent)) {
    const source = leadingSpreadOf(node, node.parent.elements);
    return source ? [{ source, value: node.parent, shape: 'array', report: node }] : [];
  }
  if (ts.isSpreadAssignment(node)) {
    const source = leadingSpreadOf(node, node.parent.properties);
    return source ? [{ source, value: node.parent, shape: 'object', report: node }] : [];
  }
  if (!ts.isCallExpression(node)) return [];
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return [];
  if (isObjectAssign(node) && node.arguments.length > 1 && isLiteral(node.arguments[0])) {
    return node.arguments.slice(1).map(skipOuter).filter(ts.isIdentifier)
      .map((source) => ({ source, value: node, shape: 'assign' as const, report: node }));
  }
  const receiver = skipOuter(callee.expression);
  if (callee.name.text === 'concat' && ts.isIdentifier(receiver)) return [{ source: receiver, value: node, shape: 'concat', report: node }];
  return [];
}

/** The identifier `spread` copies, if it is the first spread of that name in its literal (one finding per literal). */
function leadingSpreadOf(spread: ts.SpreadElement | ts.SpreadAssignment, members: ts.NodeArray<ts.Node>): ts.Identifier | undefined {
  const source = skipOuter(spread.expression);
  if (!ts.isIdentifier(source)) return undefined;
  const first = members.find((m) => (ts.isSpreadElement(m) || ts.isSpreadAssignment(m)) && spreadName(m) === source.text);
  return first === spread ? source : undefined;
}

function spreadName(member: ts.SpreadElement | ts.SpreadAssignment): string | undefined {
  const inner = skipOuter(member.expression);
  return ts.isIdentifier(inner) ? inner.text : undefined;
}

function isObjectAssign(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'assign' &&
    ts.isIdentifier(callee.expression) && callee.expression.text === 'Object';
}

function isLiteral(expr: ts.Expression): boolean {
  const inner = skipOuter(expr);
  return ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner);
}

function reduceSite(copy: Copy, checker: ts.TypeChecker | undefined): Site | undefined {
  const accumulator = declarationOf(copy.source, checker);
  if (!accumulator || !ts.isParameter(accumulator) || !ts.isIdentifier(accumulator.name) || accumulator.dotDotDotToken) return undefined;
  const callback = accumulator.parent;
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return undefined;
  // Biome's guard against custom `reduce`s: (acc, value, index?, array?) and (callback, initial?).
  if (callback.parameters[0] !== accumulator || callback.parameters.length < 2 || callback.parameters.length > 4) return undefined;
  const call = callback.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== callback || call.arguments.length > 2) return undefined;
  const method = methodName(call);
  if (method !== 'reduce' && method !== 'reduceRight') return undefined;
  if (copy.shape === 'concat' && !isArrayValued(copy.source, call.arguments[1], checker)) return undefined;
  return feedsBack(copy.value, callback, accumulator, checker) ? { kind: 'reduce', call, callback, accumulator } : undefined;
}

/** Whether the copy becomes the callback's result: returned directly, or stored in a name the callback returns. */
function feedsBack(value: ts.Expression, callback: ts.ArrowFunction | ts.FunctionExpression, accumulator: ts.ParameterDeclaration, checker: ts.TypeChecker | undefined): boolean {
  const carrier = valueCarrier(value);
  const parent = carrier.parent;
  if (parent === callback) return true;
  if (ts.isReturnStatement(parent)) return owningFunction(parent) === callback;
  let target: ts.Node | undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === carrier && ts.isIdentifier(parent.name)) target = parent;
  else if (ts.isBinaryExpression(parent) && parent.right === carrier && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(skipOuter(parent.left))) target = declarationOf(skipOuter(parent.left) as ts.Identifier, checker);
  if (!target || (target !== accumulator && !contains(callback, target))) return false;
  return returnedValues(callback).some((leaf) => ts.isIdentifier(leaf) && declarationOf(leaf, checker) === target);
}

function returnedValues(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return valueLeaves(fn.body);
  return ownReturns(fn).flatMap((r) => (r.expression ? valueLeaves(r.expression) : []));
}

function loopSite(copy: Copy, checker: ts.TypeChecker | undefined): Site | undefined {
  const parent = valueCarrier(copy.value).parent;
  if (!ts.isBinaryExpression(parent) || parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = skipOuter(parent.left);
  if (!ts.isIdentifier(target) || target.text !== copy.source.text) return undefined;
  const declaration = declarationOf(copy.source, checker);
  if (!declaration || !ts.isVariableDeclaration(declaration) || declarationKeyword(declaration) === 'const') return undefined;
  if (declarationOf(target, checker) !== declaration) return undefined;
  if (copy.shape === 'concat' && !isArrayValued(copy.source, declaration.initializer, checker)) return undefined;
  // Only the loops the accumulator outlives accumulate; a `let` declared inside the loop starts over every turn.
  const iterations = enclosingIterations(parent).filter((it) => !contains(it.node, declaration));
  if (iterations.length === 0 || exitsOnFirstTurn(iterations[0])) return undefined;
  if (copiesAtMostOnce(parent, declaration, iterations, checker)) return undefined;
  return { kind: 'loop', iterations, declaration, assignment: parent };
}

/**
 * Copy-on-write: `if (acc === original) acc = [...acc];` or `if (!copied) { acc = [...acc]; copied = true; }` inside the
 * loop. The copy makes its own guard false for every later turn, so it runs at most once, unless the loop can re-arm the
 * guard: assign the accumulator something other than a fresh value, change what it is compared with, or reset the flag.
 */
function copiesAtMostOnce(assignment: ts.BinaryExpression, declaration: ts.VariableDeclaration, iterations: Iteration[], checker: ts.TypeChecker | undefined): boolean {
  const loop = iterations[0].node;
  const outermost = iterations[iterations.length - 1].node;
  for (let branch: ts.Node = assignment; branch.parent !== loop && !isFunctionLike(branch.parent); branch = branch.parent) {
    const condition = guardOf(branch.parent, branch);
    if (!condition) continue;
    const once = operands(condition).some((test) => isIdentityGuard(test, declaration, outermost, checker) || isFlagGuard(test, branch, outermost));
    if (once) return true;
  }
  return false;
}

/** The condition under which `branch` runs: of an `if`, a `?:` or a `&&` it is the consequence of. */
function guardOf(node: ts.Node, branch: ts.Node): ts.Expression | undefined {
  if (ts.isIfStatement(node) && node.thenStatement === branch) return node.expression;
  if (ts.isConditionalExpression(node) && node.whenTrue === branch) return node.condition;
  if (ts.isBinaryExpression(node) && node.right === branch && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return node.left;
  return undefined;
}

function operands(condition: ts.Expression): ts.Expression[] {
  const inner = skipOuter(condition);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return [...operands(inner.left), ...operands(inner.right)];
  }
  return [inner];
}

/** `acc === original`: after a fresh copy `acc` is never `original` again, as long as neither side is reassigned otherwise. */
function isIdentityGuard(test: ts.Expression, declaration: ts.VariableDeclaration, loop: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  if (!ts.isBinaryExpression(test)) return false;
  const op = test.operatorToken.kind;
  if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return false;
  const isAccumulator = (e: ts.Expression) => ts.isIdentifier(skipOuter(e)) && declarationOf(skipOuter(e) as ts.Identifier, checker) === declaration;
  const other = isAccumulator(test.left) ? test.right : isAccumulator(test.right) ? test.left : undefined;
  const original = other && referenceText(other);
  const name = (declaration.name as ts.Identifier).text;
  if (!original || original === 'this' || mentions(other, name)) return false;
  const reassigned = assignmentsIn(loop, (left) => referenceText(left) === original).length > 0;
  const refilled = referencesTo(declaration, name, loop, checker).some((ref) => {
    const parent = ref.parent;
    if (!ts.isBinaryExpression(parent) || parent.left !== ref || !isAssignmentOperator(parent.operatorToken.kind)) return false;
    return parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !isFreshValue(parent.right);
  });
  return !reassigned && !refilled;
}

/** `!copied` where the guarded branch sets `copied = true` and nothing in the loop sets it to anything else. */
function isFlagGuard(test: ts.Expression, branch: ts.Node, loop: ts.Node): boolean {
  if (!ts.isPrefixUnaryExpression(test) || test.operator !== ts.SyntaxKind.ExclamationToken) return false;
  const flag = referenceText(test.operand);
  if (!flag || flag === 'this') return false;
  const writes = assignmentsIn(loop, (left) => referenceText(left) === flag);
  const statements = ts.isBlock(branch) ? branch.statements : [];
  const setsFlag = statements.some((st) => ts.isExpressionStatement(st) && writes.includes(skipOuter(st.expression) as ts.BinaryExpression));
  return setsFlag && writes.every((w) => w.operatorToken.kind === ts.SyntaxKind.EqualsToken && isTruthyLiteral(w.right));
}

function assignmentsIn(scope: ts.Node, target: (left: ts.Expression) => boolean): ts.BinaryExpression[] {
  const found: ts.BinaryExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && target(node.left)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** A value no one else holds, so never the original: a literal, a `concat` / `slice` result, a `new` object. */
function isFreshValue(expr: ts.Expression): boolean {
  const inner = skipOuter(expr);
  if (ts.isArrayLiteralExpression(inner) || ts.isObjectLiteralExpression(inner) || ts.isNewExpression(inner)) return true;
  if (!ts.isCallExpression(inner)) return false;
  const method = methodName(inner);
  return method === 'concat' || method === 'slice' || (isObjectAssign(inner) && inner.arguments.length > 0 && isLiteral(inner.arguments[0]));
}

function isTruthyLiteral(expr: ts.Expression): boolean {
  const inner = skipOuter(expr);
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (ts.isNumericLiteral(inner)) return Number(inner.text) !== 0;
  return ts.isStringLiteralLike(inner) && inner.text !== '';
}

/** `acc.concat` copies arrays; on strings it is cheap (ropes) and not this rule's business. */
function isArrayValued(name: ts.Identifier, initial: ts.Expression | undefined, checker: ts.TypeChecker | undefined): boolean {
  const kind = classify(name, checker);
  if (kind !== 'unknown') return kind === 'array';
  return initial !== undefined && ts.isArrayLiteralExpression(skipOuter(initial));
}

function report(copy: Copy, site: Site, context: RuleContext): void {
  const name = copy.source.text;
  const unit = copy.shape === 'object' || copy.shape === 'assign' ? 'property' : 'element';
  const fixes = () => {
    const fix = fixFor(copy, site, context);
    return fix ? [fix] : [];
  };
  if (site.kind === 'reduce') {
    const method = methodName(site.call) ?? 'reduce';
    const receiver = receiverOf(site.call);
    const ref = receiver && referenceText(receiver);
    const n = ref ? `n = \`${ref}.length\`` : 'n elements';
    context.report({
      node: copy.report,
      message: `\`${name}\` is copied on every call of the \`${method}\` callback: O(n²) ${unit} copies for ${n}. Mutate the accumulator instead.`,
      related: [{ node: site.call, message: `the \`${method}\` call` }],
      fixes,
    });
    return;
  }
  const loop = site.iterations[0];
  const ref = loop.collection && referenceText(loop.collection);
  const where = loop.kind === 'callback' ? `on every call of the \`${loop.method}\` callback` : 'on every turn of this loop';
  const n = ref ? `for n = \`${ref}.length\`` : 'over n turns';
  const advice = unit === 'element' ? `Push onto \`${name}\` instead.` : `Set the new properties on \`${name}\` instead.`;
  context.report({
    node: copy.report,
    message: `\`${name}\` is copied ${where}: O(n²) ${unit} copies ${n}. ${advice}`,
    related: [{ node: loop.node, message: loop.kind === 'callback' ? `the \`${loop.method}\` call` : 'this loop' }],
    fixes,
  });
}

interface Mutation {
  /** A statement that mutates the accumulator; undefined when the edit is made in place. */
  statement?: string;
  inPlace?: TextEdit;
  caveats: string[];
}

function fixFor(copy: Copy, site: Site, context: RuleContext): Fix | undefined {
  const { sourceFile, checker } = context;
  const name = copy.source.text;
  const kind = copy.shape === 'array' || copy.shape === 'concat' ? 'array' : 'object';
  const scope = site.kind === 'reduce' ? site.callback : owningFunction(site.declaration);
  const declaration = site.kind === 'reduce' ? site.accumulator : site.declaration;
  const initial = site.kind === 'reduce' ? site.call.arguments[1] : site.declaration.initializer;
  if (!scope || !initial || !isFreshSeed(initial, kind)) return undefined;
  if (!ownedByScope(declaration, name, scope, site, kind, checker)) return undefined;
  if (site.kind === 'reduce' && !returnsOnlyAccumulator(site, kind, checker)) return undefined;

  const mutation = mutationFor(copy, kind, context);
  if (!mutation) return undefined;
  const caveats = [...mutation.caveats];
  if (site.kind === 'reduce') {
    const receiver = receiverOf(site.call);
    if (!receiver || classify(receiver, checker) !== 'array') {
      caveats.push('the `reduce` receiver is not known to be an array, and a custom `reduce` may keep intermediate accumulators');
    }
  }
  let edit = mutation.inPlace;
  if (!edit && mutation.statement) edit = statementEdit(copy, site, mutation.statement, sourceFile);
  if (!edit) return undefined;
  return {
    title: copy.shape === 'assign' ? `Assign into \`${name}\` instead of a copy` : `Mutate \`${name}\` instead of copying it`,
    safe: caveats.length === 0,
    ...(caveats.length > 0 ? { caveat: [...new Set(caveats)].join('; ') } : {}),
    edits: [edit],
  };
}

/** A literal that is a new object every time it runs, and that a mutated accumulator can stand in for. */
function isFreshSeed(initial: ts.Expression, kind: 'array' | 'object'): boolean {
  const seed = skipOuter(initial);
  if (kind === 'array') return ts.isArrayLiteralExpression(seed) && !seed.elements.some(ts.isOmittedExpression);
  return ts.isObjectLiteralExpression(seed) && seed.properties.every((p) =>
    ts.isSpreadAssignment(p) || ts.isShorthandPropertyAssignment(p) ||
    (ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && !isProtoName(p.name)));
}

function isProtoName(name: ts.PropertyName): boolean {
  return (ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === '__proto__';
}

/** A value the accumulator may hold without anyone else holding it: itself, or a fresh literal of its kind. */
function isOwnedValue(expr: ts.Expression, declaration: ts.Node, kind: 'array' | 'object', checker: ts.TypeChecker | undefined): boolean {
  const inner = skipOuter(expr);
  if (ts.isIdentifier(inner)) return declarationOf(inner, checker) === declaration;
  if (kind === 'array') {
    if (ts.isArrayLiteralExpression(inner)) return !inner.elements.some(ts.isOmittedExpression);
    const callee = ts.isCallExpression(inner) ? skipOuter(inner.expression) : undefined;
    return callee !== undefined && ts.isPropertyAccessExpression(callee) && callee.name.text === 'concat' &&
      ts.isIdentifier(skipOuter(callee.expression)) && declarationOf(skipOuter(callee.expression) as ts.Identifier, checker) === declaration;
  }
  // Any object literal is a new object; only a `__proto__: x` entry makes it differ from a plain one.
  const plain = (e: ts.Expression) => ts.isObjectLiteralExpression(e) &&
    !e.properties.some((p) => ts.isPropertyAssignment(p) && isProtoName(p.name));
  if (plain(inner)) return true;
  return ts.isCallExpression(inner) && isObjectAssign(inner) && plain(skipOuter(inner.arguments[0]));
}

function returnsOnlyAccumulator(site: Extract<Site, { kind: 'reduce' }>, kind: 'array' | 'object', checker: ts.TypeChecker | undefined): boolean {
  const body = site.callback.body;
  // Falling off the end returns undefined, which a spread tolerates and an assignment does not.
  if (ts.isBlock(body) && !ts.isReturnStatement(body.statements[body.statements.length - 1])) return false;
  if (ownReturns(site.callback).some((r) => !r.expression)) return false;
  return returnedValues(site.callback).every((leaf) => isOwnedValue(leaf, site.accumulator, kind, checker));
}

/**
 * Whether every use of the accumulator in `scope` leaves it unshared: member reads and calls, copies, assignments of
 * owned values, the callback's returns, and (loop form) whole-value uses after the loop has finished.
 */
function ownedByScope(declaration: ts.Node, name: string, scope: ts.Node, site: Site, kind: 'array' | 'object', checker: ts.TypeChecker | undefined): boolean {
  const loopEnd = site.kind === 'loop' ? site.iterations[site.iterations.length - 1].node.end : undefined;
  const returned = site.kind === 'reduce' ? new Set(returnedValues(site.callback)) : new Set<ts.Expression>();
  return referencesTo(declaration, name, scope, checker).every((ref) => {
    if (isMemberBase(ref)) return site.kind === 'loop' || !isInNestedFunction(ref, scope);
    const parent = ref.parent;
    if (ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) return true;
    if (ts.isCallExpression(parent) && isObjectAssign(parent)) return true;
    if (ts.isBinaryExpression(parent) && parent.left === ref && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return isOwnedValue(parent.right, declaration, kind, checker);
    }
    if (ts.isBinaryExpression(parent) && parent.right === ref && parent.operatorToken.kind === ts.SyntaxKind.InKeyword) return true;
    if (isInNestedFunction(ref, scope)) return false;
    if (site.kind === 'reduce') return returned.has(ref);
    // After the outermost loop the copies ran in, nothing copies the accumulator any more.
    return loopEnd !== undefined && ref.pos >= loopEnd;
  });
}

function mutationFor(copy: Copy, kind: 'array' | 'object', context: RuleContext): Mutation | undefined {
  const { sourceFile, checker } = context;
  const name = copy.source.text;
  const text = (n: ts.Node) => nodeText(n, sourceFile);
  if (copy.shape === 'array') {
    const literal = copy.value as ts.ArrayLiteralExpression;
    const rest = literal.elements.slice(1);
    if (literal.elements[0] !== copy.report || rest.length === 0 || rest.some(ts.isOmittedExpression)) return undefined;
    const caveats = rest.some(ts.isSpreadElement) ? ["`push(...xs)` throws a RangeError when `xs` exceeds the engine's argument limit"] : [];
    return { statement: `${name}.push(${rest.map(text).join(', ')})`, caveats };
  }
  if (copy.shape === 'object') {
    const literal = copy.value as ts.ObjectLiteralExpression;
    const rest = literal.properties.slice(1);
    if (literal.properties[0] !== copy.report || rest.length === 0) return undefined;
    // Sequential assignments would let a later value see an earlier one; the literal reads the old accumulator throughout.
    if (rest.length > 1 && rest.some((p) => mentions(p, name))) return undefined;
    const statements: string[] = [];
    const caveats: string[] = [];
    for (const property of rest) {
      const assigned = assignmentFor(property, name, copy.source, context, caveats);
      if (!assigned) return undefined;
      statements.push(assigned);
    }
    return { statement: statements.join('; '), caveats };
  }
  if (copy.shape === 'assign') {
    const call = copy.value as ts.CallExpression;
    const [target, first] = call.arguments;
    const seed = skipOuter(target);
    if (!ts.isObjectLiteralExpression(seed) || seed.properties.length > 0 || skipOuter(first) !== copy.source || kind !== 'object') return undefined;
    return { inPlace: { start: target.getStart(sourceFile), end: first.getStart(sourceFile), newText: '' }, caveats: [] };
  }
  const call = copy.value as ts.CallExpression;
  if (!checker || call.arguments.length === 0) return undefined;
  const caveats: string[] = [];
  const args: string[] = [];
  for (const arg of call.arguments) {
    if (ts.isSpreadElement(arg)) return undefined;
    const type = checker.getTypeAtLocation(arg);
    if (isPrimitive(type)) args.push(text(arg));
    else if (checker.isArrayType(type)) {
      args.push(`...${text(arg)}`);
      caveats.push("`push(...xs)` throws a RangeError when `xs` exceeds the engine's argument limit, and turns holes into `undefined`");
    } else return undefined;
  }
  return { statement: `${name}.push(${args.join(', ')})`, caveats };
}

function isPrimitive(type: ts.Type): boolean {
  const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike |
    ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.ESSymbolLike;
  return type.isUnion() ? type.types.every(isPrimitive) : (type.flags & primitive) !== 0;
}

/** `acc.k = v` for one property of `{ ...acc, k: v }`, noting when it may differ from defining the property. */
function assignmentFor(property: ts.ObjectLiteralElementLike, name: string, accumulator: ts.Identifier, context: RuleContext, caveats: string[]): string | undefined {
  const { sourceFile, checker } = context;
  const text = (n: ts.Node) => nodeText(n, sourceFile);
  if (ts.isShorthandPropertyAssignment(property)) {
    if (property.objectAssignmentInitializer || property.name.text === '__proto__') return undefined;
    return `${name}.${property.name.text} = ${property.name.text}`;
  }
  if (ts.isSpreadAssignment(property)) {
    caveats.push(PROTO_CAVEAT);
    return `Object.assign(${name}, ${text(property.expression)})`;
  }
  if (!ts.isPropertyAssignment(property) || isProtoName(property.name)) return undefined;
  const value = text(property.initializer);
  const key = ts.isComputedPropertyName(property.name) ? property.name.expression : undefined;
  if (key && (!checker || !isSafeKeyType(checker.getTypeAtLocation(key)))) caveats.push(PROTO_CAVEAT);
  if (checker && !/\.[cm]?jsx?$/.test(sourceFile.fileName) && !acceptsKey(checker, accumulator, key ? undefined : property.name)) {
    caveats.push('TypeScript may reject the assignment because the accumulator type does not declare that key; type the initial value');
  }
  if (ts.isIdentifier(property.name)) return `${name}.${property.name.text} = ${value}`;
  if (ts.isStringLiteral(property.name) || ts.isNumericLiteral(property.name)) return `${name}[${text(property.name)}] = ${value}`;
  return key ? `${name}[${text(key)}] = ${value}` : undefined;
}

/** Whether the accumulator's type lets `acc[key] = …` compile: it has an index signature, or declares that literal key. */
function acceptsKey(checker: ts.TypeChecker, accumulator: ts.Identifier, literalKey: ts.PropertyName | undefined): boolean {
  const type = checker.getTypeAtLocation(accumulator);
  if (checker.getIndexInfosOfType(type).length > 0) return true;
  if (!literalKey || !(ts.isIdentifier(literalKey) || ts.isStringLiteral(literalKey) || ts.isNumericLiteral(literalKey))) return false;
  return checker.getPropertyOfType(type, literalKey.text) !== undefined;
}

function isSafeKeyType(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(isSafeKeyType);
  if (type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.ESSymbolLike)) return true;
  return type.isStringLiteral() && type.value !== '__proto__';
}

/** Replaces the statement that hands the copy on (`=> copy`, `return copy;`, `acc = copy;`) with the mutation. */
function statementEdit(copy: Copy, site: Site, statement: string, sourceFile: ts.SourceFile): TextEdit | undefined {
  const name = copy.source.text;
  const carrier = valueCarrier(copy.value);
  if (skipOuter(carrier) !== copy.value) return undefined;
  const parent = carrier.parent;
  if (site.kind === 'reduce' && parent === site.callback) {
    return replaceNode(carrier, sourceFile, `{ ${statement}; return ${name}; }`);
  }
  if (site.kind === 'reduce' && ts.isReturnStatement(parent)) {
    const inList = ts.isBlock(parent.parent) || ts.isCaseClause(parent.parent) || ts.isDefaultClause(parent.parent);
    return replaceNode(parent, sourceFile, inList ? `${statement}; return ${name};` : `{ ${statement}; return ${name}; }`);
  }
  if (ts.isBinaryExpression(parent) && parent.right === carrier && ts.isExpressionStatement(parent.parent)) {
    return replaceNode(parent.parent, sourceFile, `${statement};`);
  }
  return undefined;
}
