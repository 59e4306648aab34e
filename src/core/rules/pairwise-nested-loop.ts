import ts from '../ast/ts-api.ts';
import { declarationKeyword } from '../ast/bindings.ts';
import { isBoundedCollection } from '../ast/bounded.ts';
import { classify, mayBeMutatedIn, referenceText } from '../ast/collections.ts';
import { nodeText, optional } from '../ast/edits.ts';
import type { Iteration } from '../ast/iteration.ts';
import { enclosingIterations, exitsOnFirstTurn, ITERATION_METHODS, methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

/** How a loop names the element of the turn: a variable (`x`), or the collection indexed by a variable (`items[i]`). */
interface Walk {
  node: ts.Node;
  body: ts.Node;
  collection: ts.Expression;
  ref: string;
  element?: string;
  index?: string;
}

const NAN_CAVEAT = '`===` never matches NaN while a Set counts repeated NaN as a duplicate; the checker cannot rule NaN out here';

const HOLES_CAVEAT = '`some` and `filter` skip the holes of a sparse array while a Set reads them as `undefined`';

export const pairwiseNestedLoop: Rule = {
  id: 'pairwise-nested-loop',
  family: 'quadratic',
  defaultSeverity: 'warning',
  fixSafety: 'mixed',
  types: 'optional',
  summary: 'Nested loops over the same collection that compare its elements pair by pair (duplicate finders, self-joins).',
  why: [
    'Comparing every element of a collection with every other element runs the comparison n·(n−1)/2 times (n² when',
    'both loops start at 0): 10,000 items mean 50 million comparisons. When the comparison is equality of the elements or',
    'of a key, one pass that records what it has seen in a Set, or groups elements by key in a Map, does the same work in O(n).',
  ].join(' '),
  fixSafetyNotes: [
    [
      'A fix is offered only for the "has a duplicate" shape: `for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length;',
      'j++) if (a[i] === a[j]) return true;` followed by `return false;`, or `a.some((x, i) => a.some((y, j) => i !== j && x === y))`.',
      'Both become `new Set(a).size !== a.length`. A Set compares with SameValueZero, which agrees with `===` on every value',
      'except NaN: `NaN === NaN` is false, but a Set keeps one NaN. The loop fix is **safe** when the checker proves the element',
      'type cannot hold NaN (strings, booleans, bigints, objects, literal number types); with `number`, `any` or no types it is',
      'a suggestion (unsafe). The `some` form is always a suggestion: `some` skips the holes of a sparse array, a Set reads them',
      'as `undefined`. Self-lookups such as `a.some((x, i) => a.indexOf(x) !== i)` are reported on the `indexOf` without a',
      'fix (the `filter` dedupe idiom belongs to `lookup-in-loop`, which offers `[...new Set(a)]`). Loops that compare keys (`a[i].id === a[j].id`), collect the duplicates, or compare in any other',
      'way (`a[i] + a[j] === target`) are reported without a fix: keeping the order and multiplicity of their results needs',
      'a rewrite by hand, usually a Map from key to first index.',
    ].join(' '),
    [
      'Not reported: loops over two different collections and lookups in another collection (`lookup-in-loop` owns',
      'those), matrix work (`grid[i][j]`), `const` tables of at most 16 entries (of any kind) that nothing changes, loops that',
      'leave on their first turn, and comparisons that do not involve both elements. A comparison of the two elements',
      'themselves (`x !== y`, or `if (b === a) break` in a triangular walk) finds the element itself, not a repeated value:',
      'it is ignored unless the positions are kept apart (`j = i + 1`, `i !== j`, `if (i === j) continue`), where `x === y`',
      'compares values. Comparisons of values read from both (`x.id === y.id`) are always reported.',
    ].join(' '),
  ].join('\n\n'),
  examples: {
    invalid: [
      `export function hasDuplicate(ids: string[]): boolean {
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      if (ids[i] === ids[j]) return true;
    }
  }
  return false;
}`,
      `interface User { id: string; email: string }
export function sameEmail(users: User[]): [User, User][] {
  const pairs: [User, User][] = [];
  for (const a of users) {
    for (const b of users) {
      if (a !== b && a.email === b.email) pairs.push([a, b]);
    }
  }
  return pairs;
}`,
      `interface Row { id: number; parentId: number }
export const orphans = (rows: Row[]) => rows.filter((row) => !rows.some((other) => other.id === row.parentId));`,
      `export const hasRepeat = (tags: string[]) => tags.some((tag, i) => tags.indexOf(tag) !== i);`,
    ],
    valid: [
      `export function product(xs: number[], ys: number[]): number[] {
  const out: number[] = [];
  for (const x of xs) for (const y of ys) if (x === y) out.push(x);
  return out;
}`,
      `export function transpose(grid: number[][]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < grid.length; i++) {
    for (let j = 0; j < grid[i].length; j++) {
      (out[j] ??= [])[i] = grid[i][j];
    }
  }
  return out;
}`,
      `export function sorted(values: number[]): void {
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values.length - 1 - i; j++) {
      if (values[j] > values[j + 1]) [values[j], values[j + 1]] = [values[j + 1], values[j]];
    }
  }
}`,
      `const sizes = ['s', 'm', 'l'];
for (const a of sizes) for (const b of sizes) if (a === b) console.log(a);`,
      `export function bestPair<T>(items: T[], score: (a: T, b: T) => number): [T, T] | undefined {
  let best: [T, T] | undefined;
  let top = -Infinity;
  for (const a of items) {
    for (const b of items) {
      if (b === a) break;
      if (score(a, b) > top) [top, best] = [score(a, b), [a, b]];
    }
  }
  return best;
}`,
    ],
  },
  kinds: [ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.CallExpression],
  calls: [...ITERATION_METHODS, 'indexOf', 'lastIndexOf'],
  check(node, context) {
    if (ts.isCallExpression(node) && isIndexLookup(node)) {
      checkIndexLookup(node, context);
      return;
    }
    const inner = walkOf(node);
    if (!inner) return;
    const outerIteration = enclosingIterations(node).find((it) => it.collection && referenceText(it.collection) === inner.ref);
    const outer = outerIteration && walkOf(outerIteration.node);
    if (!outerIteration || !outer || outer.ref !== inner.ref) return;
    if (exitsOnFirstTurn(outerIteration) || exitsOnFirstTurn(asIteration(inner)) || isBoundedCollection(inner.collection)) return;
    if (classify(inner.collection, context.checker) === 'other') return;
    const comparison = findComparison(inner.body, outer, inner);
    if (!comparison) return;
    const fixes = () => optional(duplicateFix(outer, inner, context));
    context.report({
      node: comparison,
      message: `\`${inner.ref}\` is compared with itself pair by pair: this comparison runs O(n²) times for n = \`${inner.ref}.length\`. ` +
        'Record what one pass has seen in a Set, or group by the compared key in a Map.',
      related: [
        { node: outer.node, message: `the outer loop over \`${outer.ref}\`` },
        { node: inner.node, message: `the inner loop over \`${inner.ref}\`` },
      ],
      fixes,
    });
  },
};

function asIteration(walk: Walk): Iteration {
  return { kind: ts.isCallExpression(walk.node) ? 'callback' : 'for', node: walk.node, body: walk.body, collection: walk.collection };
}

/** The collection a loop or iteration callback walks and the names its turn gives the element, if it can be named. */
function walkOf(node: ts.Node): Walk | undefined {
  if (ts.isForOfStatement(node)) {
    const ref = referenceText(node.expression);
    const init = node.initializer;
    const element = ts.isVariableDeclarationList(init) && init.declarations.length === 1 && ts.isIdentifier(init.declarations[0].name)
      ? init.declarations[0].name.text : undefined;
    return ref && element ? { node, body: node.statement, collection: node.expression, ref, element } : undefined;
  }
  if (ts.isForStatement(node)) {
    const header = indexHeader(node);
    if (!header) return undefined;
    return { node, body: node.statement, collection: header.collection, ref: header.ref, index: header.index, element: aliasOf(node.statement, header.ref, header.index) };
  }
  if (!ts.isCallExpression(node)) return undefined;
  const method = methodName(node);
  const callback = node.arguments[0];
  const receiver = receiverOf(node);
  // An inner `map` builds an n×n result: the quadratic work is the output itself, not a search.
  if (!method || !ITERATION_METHODS.has(method) || method.startsWith('reduce') || method === 'map' || !receiver || !callback) return undefined;
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return undefined;
  const ref = referenceText(receiver);
  const [first, second] = callback.parameters;
  const element = first && ts.isIdentifier(first.name) ? first.name.text : undefined;
  const index = second && ts.isIdentifier(second.name) ? second.name.text : undefined;
  return ref && (element || index) ? { node, body: callback.body, collection: receiver, ref, element, index } : undefined;
}

/** `x` in a loop body that starts with `const x = items[i];`. */
function aliasOf(body: ts.Statement, ref: string, index: string): string | undefined {
  const first = ts.isBlock(body) ? body.statements[0] : undefined;
  if (!first || !ts.isVariableStatement(first) || first.declarationList.declarations.length !== 1) return undefined;
  const decl = first.declarationList.declarations[0];
  const init = decl.initializer && skipOuter(decl.initializer);
  if (!ts.isIdentifier(decl.name) || !init || !ts.isElementAccessExpression(init) || referenceText(init.expression) !== ref) return undefined;
  const arg = skipOuter(init.argumentExpression);
  return ts.isIdentifier(arg) && arg.text === index ? decl.name.text : undefined;
}

/** `for (let i = <start>; i < items.length; i++)`: the index name, the collection and the start value. */
function indexHeader(loop: ts.ForStatement): { index: string; collection: ts.Expression; ref: string; start: ts.Expression } | undefined {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const decl = init.declarations[0];
  if (!ts.isIdentifier(decl.name) || !decl.initializer || !loop.condition) return undefined;
  const condition = skipOuter(loop.condition);
  if (!ts.isBinaryExpression(condition) || condition.operatorToken.kind !== ts.SyntaxKind.LessThanToken) return undefined;
  const left = skipOuter(condition.left);
  const right = skipOuter(condition.right);
  if (!ts.isIdentifier(left) || left.text !== decl.name.text) return undefined;
  if (!ts.isPropertyAccessExpression(right) || right.name.text !== 'length') return undefined;
  const ref = referenceText(right.expression);
  return ref ? { index: decl.name.text, collection: right.expression, ref, start: decl.initializer } : undefined;
}

/** Whether `expr` reads the element of `walk`'s turn: its element name, or `collection[index]`. */
function readsElement(expr: ts.Node, walk: Walk): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (walk.element && ts.isIdentifier(node) && node.text === walk.element &&
      !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      found = true;
    } else if (walk.index && ts.isElementAccessExpression(node) && referenceText(node.expression) === walk.ref &&
      ts.isIdentifier(skipOuter(node.argumentExpression)) && (skipOuter(node.argumentExpression) as ts.Identifier).text === walk.index) {
      found = true;
    } else {
      ts.forEachChild(node, visit);
    }
  };
  visit(expr);
  return found;
}

function isBareElement(expr: ts.Expression, walk: Walk): boolean {
  const inner = skipOuter(expr);
  if (walk.element && ts.isIdentifier(inner)) return inner.text === walk.element;
  return ts.isElementAccessExpression(inner) && readsElement(inner, walk) && referenceText(inner.expression) === walk.ref;
}

/**
 * Whether the two walks never stand on the same position when the body runs: the inner index starts past the outer one
 * (`j = i + 1`), or the body compares the two indexes (`i !== j`, `i < j`).
 */
function distinctPositions(body: ts.Node, outer: Walk, inner: Walk): boolean {
  if (!outer.index || !inner.index) return false;
  const names = [outer.index, inner.index];
  const isIndex = (e: ts.Expression, name: string) => ts.isIdentifier(skipOuter(e)) && (skipOuter(e) as ts.Identifier).text === name;
  if (ts.isForStatement(inner.node)) {
    const start = indexHeader(inner.node)?.start;
    const from = start && skipOuter(start);
    if (from && ts.isBinaryExpression(from) && from.operatorToken.kind === ts.SyntaxKind.PlusToken && isIndex(from.left, outer.index) &&
      ts.isNumericLiteral(skipOuter(from.right)) && Number((skipOuter(from.right) as ts.NumericLiteral).text) > 0) return true;
  }
  const separating = new Set([ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
    ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken]);
  const indexes = (e: ts.BinaryExpression) =>
    (isIndex(e.left, names[0]) && isIndex(e.right, names[1])) || (isIndex(e.left, names[1]) && isIndex(e.right, names[0]));
  const visit = (node: ts.Node): boolean => {
    if (ts.isBinaryExpression(node) && separating.has(node.operatorToken.kind) && indexes(node)) return true;
    // `if (i === j) continue;`
    if (ts.isIfStatement(node)) {
      const test = skipOuter(node.expression);
      const then = only(node.thenStatement);
      if (ts.isBinaryExpression(test) && test.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken && indexes(test) &&
        then && ts.isContinueStatement(then)) return true;
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(body);
}

/** The first equality in the inner body that involves both the outer and the inner element. */
function findComparison(body: ts.Node, outer: Walk, inner: Walk): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  let distinct: boolean | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const equality = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
      const inequality = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      // `x !== y` alone only skips the element itself; `x.id !== y.id` is a key comparison.
      const identityOnly = inequality && (
        (isBareElement(node.left, outer) && isBareElement(node.right, inner)) ||
        (isBareElement(node.left, inner) && isBareElement(node.right, outer)));
      // `if (b === a) break` compares the two elements themselves, not values read from them: it finds the outer element
      // (a triangular walk's stop), unless the positions are kept apart, as in `i !== j && x === y` or `j = i + 1`.
      const sameBinding = equality && (
        (isBareElement(node.left, outer) && isBareElement(node.right, inner)) ||
        (isBareElement(node.left, inner) && isBareElement(node.right, outer))) &&
        !(distinct ??= distinctPositions(body, outer, inner));
      if (((equality && !sameBinding) || (inequality && !identityOnly)) && readsElement(node, outer) && readsElement(node, inner)) {
        found = node;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** `new Set(a).size !== a.length` for loops whose only job is to answer "does `a` hold a repeated value". */
function duplicateFix(outer: Walk, inner: Walk, context: RuleContext): Fix | undefined {
  const { sourceFile, checker } = context;
  if (classify(inner.collection, checker) !== 'array' || mayBeMutatedIn(inner.ref, outer.node)) return undefined;
  const collection = nodeText(inner.collection, sourceFile);
  const replacement = `new Set(${collection}).size !== ${collection}.length`;
  const elementType = checker?.getTypeAtLocation(inner.collection);
  const element = elementType && checker?.isArrayType(elementType) ? checker.getTypeArguments(elementType as ts.TypeReference)[0] : undefined;
  const safe = element !== undefined && excludesNaN(element);
  const title = `Compare sizes with a Set of \`${inner.ref}\``;
  if (ts.isForStatement(outer.node) && ts.isForStatement(inner.node)) {
    const end = loopsReturningDuplicate(outer.node, inner.node, outer, inner);
    const edits = end ? [{ start: outer.node.getStart(sourceFile), end: end.getEnd(), newText: `return ${replacement};` }] : [];
    return end ? { title, safe, ...(safe ? {} : { caveat: NAN_CAVEAT }), edits } : undefined;
  }
  if (ts.isCallExpression(outer.node) && ts.isCallExpression(inner.node) && someOfSome(outer.node, inner.node, outer, inner)) {
    const caveat = [safe ? undefined : NAN_CAVEAT, HOLES_CAVEAT].filter(Boolean).join('; ');
    return { title, safe: false, caveat, edits: [{ start: outer.node.getStart(sourceFile), end: outer.node.getEnd(), newText: `(${replacement})` }] };
  }
  return undefined;
}

function excludesNaN(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(excludesNaN);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.Number | ts.TypeFlags.Enum)) return false;
  return true;
}

/**
 * `for (let i = 0; …; i++) { for (let j = i + 1; …; j++) { if (a[i] === a[j]) return true; } } return false;`
 * Returns the `return false;` that ends the shape.
 */
function loopsReturningDuplicate(outerLoop: ts.ForStatement, innerLoop: ts.ForStatement, outer: Walk, inner: Walk): ts.ReturnStatement | undefined {
  const outerHeader = indexHeader(outerLoop);
  const innerHeader = indexHeader(innerLoop);
  if (!outerHeader || !innerHeader || !isLet(outerLoop) || !isLet(innerLoop)) return undefined;
  if (!isLiteral(outerHeader.start, '0') || !isIncrement(outerLoop, outerHeader.index) || !isIncrement(innerLoop, innerHeader.index)) return undefined;
  const start = skipOuter(innerHeader.start);
  if (!ts.isBinaryExpression(start) || start.operatorToken.kind !== ts.SyntaxKind.PlusToken ||
    !ts.isIdentifier(skipOuter(start.left)) || (skipOuter(start.left) as ts.Identifier).text !== outerHeader.index || !isLiteral(start.right, '1')) return undefined;
  if (only(outerLoop.statement) !== innerLoop) return undefined;
  const check = only(innerLoop.statement);
  if (!check || !ts.isIfStatement(check) || check.elseStatement || !isReturn(only(check.thenStatement), ts.SyntaxKind.TrueKeyword)) return undefined;
  const test = skipOuter(check.expression);
  if (!ts.isBinaryExpression(test) || test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken) return undefined;
  const pairs = (isBareElement(test.left, outer) && isBareElement(test.right, inner)) || (isBareElement(test.left, inner) && isBareElement(test.right, outer));
  if (!pairs) return undefined;
  const parent = outerLoop.parent;
  if (!ts.isBlock(parent)) return undefined;
  const next = parent.statements[parent.statements.indexOf(outerLoop) + 1];
  return next && isReturn(next, ts.SyntaxKind.FalseKeyword) ? next as ts.ReturnStatement : undefined;
}

/** `a.some((x, i) => a.some((y, j) => i !== j && x === y))`, either order of the conjuncts and operands. */
function someOfSome(outerCall: ts.CallExpression, innerCall: ts.CallExpression, outer: Walk, inner: Walk): boolean {
  if (methodName(outerCall) !== 'some' || methodName(innerCall) !== 'some') return false;
  if (!ts.isArrowFunction(outerCall.arguments[0]) || !ts.isArrowFunction(innerCall.arguments[0])) return false;
  if (skipOuter(outer.body as ts.Expression) !== innerCall || !outer.element || !outer.index || !inner.element || !inner.index) return false;
  const body = skipOuter(inner.body as ts.Expression);
  if (!ts.isBinaryExpression(body) || body.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) return false;
  const parts = [skipOuter(body.left), skipOuter(body.right)];
  const names = (e: ts.Expression, a: string, b: string) => ts.isBinaryExpression(e) &&
    ts.isIdentifier(e.left) && ts.isIdentifier(e.right) &&
    ((e.left.text === a && e.right.text === b) || (e.left.text === b && e.right.text === a));
  const indexTest = (e: ts.Expression) => ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken &&
    names(e, outer.index!, inner.index!);
  const elementTest = (e: ts.Expression) => ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken &&
    names(e, outer.element!, inner.element!);
  return (indexTest(parts[0]) && elementTest(parts[1])) || (indexTest(parts[1]) && elementTest(parts[0]));
}

function isLet(loop: ts.ForStatement): boolean {
  const init = loop.initializer;
  return !!init && ts.isVariableDeclarationList(init) && declarationKeyword(init.declarations[0]) === 'let';
}

function isLiteral(expr: ts.Expression, text: string): boolean {
  const inner = skipOuter(expr);
  return ts.isNumericLiteral(inner) && inner.text === text;
}

function isIncrement(loop: ts.ForStatement, index: string): boolean {
  const step = loop.incrementor && skipOuter(loop.incrementor);
  if (!step) return false;
  if ((ts.isPostfixUnaryExpression(step) || ts.isPrefixUnaryExpression(step)) && step.operator === ts.SyntaxKind.PlusPlusToken) {
    return ts.isIdentifier(step.operand) && step.operand.text === index;
  }
  return ts.isBinaryExpression(step) && step.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken &&
    ts.isIdentifier(step.left) && step.left.text === index && isLiteral(step.right, '1');
}

/** The single statement of a block, or the statement itself. */
function only(statement: ts.Statement): ts.Statement | undefined {
  if (!ts.isBlock(statement)) return statement;
  return statement.statements.length === 1 ? statement.statements[0] : undefined;
}

function isReturn(statement: ts.Statement | undefined, value: ts.SyntaxKind): boolean {
  return !!statement && ts.isReturnStatement(statement) && !!statement.expression && skipOuter(statement.expression).kind === value;
}

function isIndexLookup(call: ts.CallExpression): boolean {
  const name = methodName(call);
  return (name === 'indexOf' || name === 'lastIndexOf') && call.arguments.length === 1;
}

/**
 * `a.some((x, i) => a.indexOf(x) !== i)` and its relatives: a scan of `a` for each element of `a`. Lookups in
 * another collection, and the `filter` dedupe idiom (`a.filter((x, i) => a.indexOf(x) === i)`), belong to
 * `lookup-in-loop`, which reports them on the `filter` call: one site, one finding.
 */
function checkIndexLookup(call: ts.CallExpression, context: RuleContext): void {
  const receiver = receiverOf(call);
  const ref = receiver && referenceText(receiver);
  if (!receiver || !ref || classify(receiver, context.checker) !== 'array' || isBoundedCollection(receiver)) return;
  const iteration = enclosingIterations(call).find((it) => it.collection && referenceText(it.collection) === ref);
  const outer = iteration && walkOf(iteration.node);
  if (!iteration || !outer || outer.ref !== ref || exitsOnFirstTurn(iteration) || !isBareElement(call.arguments[0], outer)) return;
  if (iteration.kind === 'callback' && iteration.method === 'filter') return;
  const method = methodName(call);
  context.report({
    node: call,
    message: `\`${ref}.${method}\` scans \`${ref}\` once per element of \`${ref}\`: O(n²) for n = \`${ref}.length\`. ` +
      'Record what one pass has seen in a Set, or the first index of each value in a Map.',
    related: [{ node: outer.node, message: `the loop over \`${ref}\`` }],
  });
}
