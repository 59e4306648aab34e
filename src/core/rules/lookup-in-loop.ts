import ts from '../ast/ts-api.ts';
import { contains, declarationKeyword, declarationOf, owningFunction, symbolAt } from '../ast/bindings.ts';
import { isBoundedCollection } from '../ast/bounded.ts';
import { classify, isTinyConstantArray, mayBeMutatedIn, MUTATING_ARRAY_METHODS, referenceText } from '../ast/collections.ts';
import { nodeText, optional, replaceNode } from '../ast/edits.ts';
import type { Iteration } from '../ast/iteration.ts';
import { enclosingIterations, exitsOnFirstTurn, skipOuter } from '../ast/iteration.ts';
import { isKnownDense } from '../ast/locals.ts';
import type { LookupSite } from '../ast/lookup-fixes.ts';
import { lookupFix } from '../ast/lookup-fixes.ts';
import { NodeMemo } from '../ast/memo.ts';
import type { KeyedTest } from '../ast/lookups.ts';
import { keyedTest, mayBeNaN, returnedExpression } from '../ast/lookups.ts';
import { quote } from '../ast/quote.ts';
import { isElementBinding } from '../ast/turns.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

const LOOKUPS: ReadonlySet<string> = new Set([
  'includes', 'indexOf', 'lastIndexOf', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'filter',
]);
const CALLBACK_LOOKUPS: ReadonlySet<string> = new Set(['find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'filter']);
/** Searches whose result compared with the element's own index gives the "first occurrence" dedupe idiom. */
const POSITION_LOOKUPS: ReadonlySet<string> = new Set(['indexOf', 'lastIndexOf', 'findIndex', 'findLastIndex']);
/** Methods strings do not have: calling one on a name is evidence that the name holds an array. */
const ARRAY_ONLY_METHODS: ReadonlySet<string> = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'forEach', 'map', 'filter', 'reduce', 'some', 'every', 'find', 'findIndex',
  'join', 'flat', 'flatMap', 'sort', 'reverse',
]);
/** Loops bounded by a literal this small run a handful of turns. */
const FEW_TURNS = 16;

interface Site extends LookupSite {
  driver: Iteration;
}

export const lookupInLoop: Rule = {
  id: 'lookup-in-loop',
  family: 'quadratic',
  defaultSeverity: 'warning',
  fixSafety: 'mixed',
  types: 'optional',
  summary: 'An array searched (`includes`, `indexOf`, `find`, `some`, …) inside a loop over another collection: O(n·m).',
  why: [
    'Every `includes`, `indexOf`, `find`, `some`, `every` or `filter` walks the array from the start. Inside a loop over',
    'another collection it runs once per turn, so `users.filter(u => activeIds.includes(u.id))` costs |users| × |activeIds|',
    'comparisons: 10,000 users against 5,000 ids is 50 million. A Set or Map built once before the loop answers each lookup',
    'in constant time, for O(n + m) in total. The same holds for the dedupe idiom `xs.filter((x, i) => xs.indexOf(x) === i)`,',
    'which searches `xs` again for every element.',
  ].join(' '),
  fixSafetyNotes: [
    'The fix builds the index right before the outermost loop in which the array is declared outside and never changed,',
    'and rewrites every lookup of the same kind on that array there: `xs.includes(v)` and `xs.indexOf(v) !== -1` (or `>= 0`,',
    '`=== -1`, …) become `xsSet.has(v)` / `!xsSet.has(v)`; `xs.some(x => x === v)` likewise; `xs.some(x => x.id === v)`',
    'becomes a Set of the `id` values; `xs.find(x => x.id === v)` becomes `xsById.get(v)` on a Map that keeps the **first**',
    'element per key (as `find` does; `new Map(xs.map(x => [x.id, x]))` would keep the last); `findIndex` likewise with',
    'first indexes and `?? -1`. `includes` and Sets both compare with SameValueZero, so that rewrite is exact. `indexOf` and',
    '`===` never match NaN and skip holes, so those rewrites are **safe** only when the checker proves the searched value (or',
    'every element) cannot be NaN, and cannot be `undefined` unless the array is known to have no holes; `==` only when both',
    'sides are the same primitive type. The fix is a suggestion (unsafe) when the array is reached through a property (a getter',
    'or a method called in the loop could change it), is imported, is changed or handed on by another function in its scope, or',
    'the loop awaits. The index reads each element\'s key once, up front, instead of once per comparison: a getter key makes the',
    'fix unsafe. A `find` over an array with holes would throw where the Map skips them; only that crash differs.',
    '\n\n`xs.filter((x, i) => xs.indexOf(x) === i)` becomes `[...new Set(xs)]`, which keeps the same first occurrences in the',
    'same order; it is safe when the elements cannot be NaN (the idiom drops NaN, a Set keeps one) and `xs` has no holes.',
    '\n\nReported without a fix: lookups whose array grows in the same loop (`if (!seen.includes(x)) seen.push(x)`), `filter`',
    'lookups (a Map of arrays by key is the rewrite), `findLast`, bare `indexOf` values, predicates with further conditions,',
    'and arrays the checker cannot type. An identity `filter` (`ids.filter((id) => id === u.id)`) is reported too: it counts',
    'the occurrences of a value, which a Map of counts answers. Not reported: tiny constant arrays, Sets and Maps, strings,',
    'arrays reached from the element of the turn by name or by destructuring at any depth (a cartesian product such as',
    '`post.tags.includes(tag)`, or `({ tags }) => tags.includes(tag)`), arrays built in the loop body, loops that leave on',
    'their first turn or run a few literal turns, loops over and searches of a `const` table of at most 16 entries of any',
    'kind (an array, `new Map([...])`, `new Set([...])`) that nothing changes or exports, `includes` / `indexOf` on untyped',
    'values with no sign of being an array, and lookups in the loop\'s own collection (see `pairwise-nested-loop`).',
  ].join(' '),
  examples: {
    invalid: [
      `interface User { id: string; name: string }
export function activeUsers(users: User[], activeIds: string[]): User[] {
  return users.filter((user) => activeIds.includes(user.id));
}`,
      `interface User { id: number; name: string }
interface Order { id: number; userId: number }
export function withBuyers(orders: Order[], users: User[]) {
  return orders.map((order) => ({ order, buyer: users.find((u) => u.id === order.userId) }));
}`,
      `export function uniqueTags(tags: string[]): string[] {
  return tags.filter((tag, i) => tags.indexOf(tag) === i);
}`,
      `export function distinct(values: string[]): string[] {
  const seen: string[] = [];
  for (const value of values) {
    if (!seen.includes(value)) seen.push(value);
  }
  return seen;
}`,
    ],
    valid: [
      `export function activeUsers(users: { id: string }[], activeIds: string[]) {
  const active = new Set(activeIds);
  return users.filter((user) => active.has(user.id));
}`,
      `const IMAGE_TYPES = ['png', 'jpg', 'gif'];
export const images = (files: { ext: string }[]) => files.filter((f) => IMAGE_TYPES.includes(f.ext));`,
      `export function matching(lines: string[], needle: string): string[] {
  return lines.filter((line) => line.includes(needle));
}`,
      `interface Post { tags: string[] }
export function tagged(posts: Post[], wanted: string[]): Post[] {
  return posts.filter((post) => wanted.some((tag) => post.tags.includes(tag)));
}`,
      `interface Startup { onChunks: string[] }
export const including = (startups: Startup[], chunk: string) =>
  startups.map(({ onChunks }) => onChunks.filter((c) => c === chunk));`,
      `const CHECKS = [{ field: 'id', required: true }, { field: 'email', required: false }];
export function missing(rows: { field: string }[]): string[] {
  return CHECKS.filter((check) => check.required && !rows.some((row) => row.field === check.field)).map((c) => c.field);
}`,
    ],
  },
  kinds: [ts.SyntaxKind.CallExpression],
  calls: [...LOOKUPS],
  check(node, context) {
    const call = node as ts.CallExpression;
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !LOOKUPS.has(callee.name.text)) return;
    if (call.arguments.length === 0 || call.arguments.some(ts.isSpreadElement)) return;
    const iterations = enclosingIterations(call);
    const driver = iterations.find((it) => !exitsOnFirstTurn(it) && !runsFewTurns(it));
    if (!driver) return;
    if (reportDedupe(call, callee.name.text, driver, context)) return;
    const site = lookupSite(call, iterations, driver, context);
    if (!site) return;
    const { ref, method } = site;
    const over = overText(driver, context.sourceFile);
    const related = [{ node: driver.node, message: loopText(driver, context.sourceFile) }];
    if (site.growing) {
      context.report({
        node: call,
        message: `\`${ref}.${method}\` runs ${over} and scans \`${ref}\`, which grows inside the loop: O(n²). ` +
          `Record what is added to \`${ref}\` in a Set (or a Map by key) and look it up there.`,
        related,
      });
      return;
    }
    context.report({
      node: call,
      message: `\`${ref}.${method}\` runs ${over}: O(n·m). ${advice(site)}`,
      related,
      // Deferred: the fix types the elements and walks the loop for sibling lookups, which a keystroke's diagnostics never need.
      fixes: () => optional(lookupFix(site, context, comparisonOf, (scope) => siblings(site, scope, context))),
    });
  },
};

/** Other reported lookups on the same array inside `scope`, in source order. */
function siblings(site: Site, scope: ts.Node, context: RuleContext): LookupSite[] {
  const found: LookupSite[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && LOOKUPS.has(node.expression.name.text) &&
      referenceText(node.expression.expression) === site.ref) {
      if (node === site.call) {
        found.push(site);
      } else {
        const iterations = enclosingIterations(node);
        const driver = iterations.find((it) => !exitsOnFirstTurn(it) && !runsFewTurns(it));
        const other = driver && lookupSite(node, iterations, driver, context);
        if (other) found.push(other);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

function lookupSite(call: ts.CallExpression, iterations: Iteration[], driver: Iteration, context: RuleContext): Site | undefined {
  const { checker } = context;
  const method = (call.expression as ts.PropertyAccessExpression).name.text;
  const receiver = (call.expression as ts.PropertyAccessExpression).expression;
  const ref = referenceText(receiver);
  if (!ref || ref === 'this') return undefined;
  // Lookups in the loop's own collection compare its elements pairwise: `pairwise-nested-loop` owns those.
  if (driver.collection && referenceText(driver.collection) === ref) return undefined;
  const root = rootIdentifier(receiver);
  const decl = root && declarationOf(root, checker);
  // An array reached from the element of the turn (`order.items`) or made in the loop body is new on every turn.
  if (decl && (contains(driver.node, decl) || iterations.some((it) => bindsElement(it, decl)))) return undefined;
  // Also when destructured from the element (`({ tags }) => tags.includes(t)`), which a lookup by name alone misses.
  if (root && iterations.some((it) => isElementBinding(root.text, decl, it))) return undefined;
  if (isBoundedCollection(receiver)) return undefined;
  if (isSmallConstant(receiver, checker) && !(decl && mayBeMutatedIn(ref, owningFunction(decl) ?? decl.getSourceFile()))) return undefined;
  const kind = classify(receiver, checker);
  const callback = CALLBACK_LOOKUPS.has(method);
  if (kind !== 'array' && (kind !== 'unknown' || (!callback && !hasArrayEvidence(ref, call)))) return undefined;
  let test: KeyedTest | undefined;
  if (callback) {
    test = keyedTest(call, method === 'every');
    if (!test) return undefined;
  }
  const growing = mayBeMutatedIn(ref, driver.node);
  if (growing && !onlyPushedIn(ref, driver.node)) return undefined;
  return { call, method, receiver, ref, decl, iterations, driver, test, growing, typedArray: kind === 'array' };
}

function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  const inner = skipOuter(expr);
  if (ts.isIdentifier(inner)) return inner;
  return ts.isPropertyAccessExpression(inner) ? rootIdentifier(inner.expression) : undefined;
}

/** Whether `decl` is the element (or index) an iteration names for each turn. */
function bindsElement(iteration: Iteration, decl: ts.Node): boolean {
  const loop = iteration.node;
  if (iteration.kind === 'callback') {
    return ts.isArrowFunction(iteration.body) || ts.isFunctionExpression(iteration.body)
      ? iteration.body.parameters.some((p) => contains(p, decl)) : false;
  }
  return (ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isForStatement(loop)) && !!loop.initializer &&
    contains(loop.initializer, decl);
}

function runsFewTurns(iteration: Iteration): boolean {
  if (iteration.collection && isBoundedCollection(iteration.collection)) return true;
  const loop = iteration.node;
  if (!ts.isForStatement(loop) || !loop.condition) return false;
  const condition = skipOuter(loop.condition);
  if (!ts.isBinaryExpression(condition)) return false;
  const op = condition.operatorToken.kind;
  if (op !== ts.SyntaxKind.LessThanToken && op !== ts.SyntaxKind.LessThanEqualsToken) return false;
  const bound = skipOuter(condition.right);
  return ts.isNumericLiteral(bound) && Number(bound.text) <= FEW_TURNS;
}

/** Literal arrays of a few items, frozen or not, in a `const`, a `readonly` field or a tuple type. */
function isSmallConstant(receiver: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  if (isTinyConstantArray(receiver)) return true;
  const inner = skipOuter(receiver);
  const symbol = checker && symbolAt(ts.isPropertyAccessExpression(inner) ? inner.name : inner, checker);
  const decl = symbol?.valueDeclaration;
  if (decl && (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) {
    const constant = ts.isVariableDeclaration(decl) ? declarationKeyword(decl) === 'const'
      : decl.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
    let init = skipOuter(decl.initializer);
    if (ts.isCallExpression(init) && nodeText(init.expression, init.getSourceFile()) === 'Object.freeze' && init.arguments[0]) {
      init = skipOuter(init.arguments[0]);
    }
    if (constant && ts.isArrayLiteralExpression(init) && isTinyConstantArray(init)) return true;
  }
  const type = checker?.getTypeAtLocation(receiver);
  return !!type && !!checker?.isTupleType(type) && !(type as ts.TupleTypeReference).target.hasRestElement;
}

/** `hasArrayEvidence` answers by function and name. */
const evidence = new NodeMemo<Map<string, boolean>>();

/** For `includes` / `indexOf` on an untyped name: some other use shows it is an array, not a string. */
function hasArrayEvidence(ref: string, call: ts.CallExpression): boolean {
  const sourceFile = call.getSourceFile();
  const scope = owningFunction(call) ?? sourceFile;
  // Every lookup on `ref` in the function asks the same: scan it once.
  let answers = evidence.get(scope);
  if (!answers) evidence.set(scope, (answers = new Map()));
  const known = answers.get(ref);
  if (known !== undefined) return known;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isPropertyAccessExpression(callee) && ARRAY_ONLY_METHODS.has(callee.name.text) && referenceText(callee.expression) === ref) {
        found = true;
      } else if (nodeText(callee, sourceFile) === 'Array.isArray' && node.arguments[0] && referenceText(node.arguments[0]) === ref) {
        found = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  answers.set(ref, found);
  return found;
}

/** Whether every change to `ref` inside `scope` is a `push` (the array only grows, as in "seen" lists). */
function onlyPushedIn(ref: string, scope: ts.Node): boolean {
  let pushes = 0;
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (ts.isExpression(node) && referenceText(node) === ref && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      let top: ts.Node = node;
      while (ts.isParenthesizedExpression(top.parent) || ts.isNonNullExpression(top.parent)) top = top.parent;
      const parent = top.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === top) {
        const name = parent.name.text;
        const called = ts.isCallExpression(parent.parent) && parent.parent.expression === parent;
        if (called && name === 'push') pushes++;
        else if ((called && MUTATING_ARRAY_METHODS.has(name)) || isAssigned(parent)) other = true;
      } else if ((ts.isElementAccessExpression(parent) && parent.expression === top && isAssigned(parent)) || isAssigned(top) ||
        (ts.isCallExpression(parent) && parent.arguments.includes(top as ts.Expression)) || ts.isVariableDeclaration(parent)) {
        other = true;
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return pushes > 0 && !other;
}

function isAssigned(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

function overText(driver: Iteration, sourceFile: ts.SourceFile): string {
  if (driver.collection) {
    return `once per ${driver.kind === 'for-in' ? 'key' : 'element'} of \`${quote(driver.collection, sourceFile)}\``;
  }
  return driver.kind === 'callback' ? `once per call of the \`${driver.method}\` callback` : 'on every turn of the loop';
}

function loopText(driver: Iteration, sourceFile: ts.SourceFile): string {
  const over = driver.collection ? ` over \`${quote(driver.collection, sourceFile)}\`` : '';
  return driver.kind === 'callback' ? `the \`${driver.method}\` callback${over}` : `the loop${over}`;
}

function advice(site: Site): string {
  const { ref, method, test } = site;
  const path = test?.path;
  if (method === 'includes' || (!test && comparisonOf(site.call))) return `Build a Set from \`${ref}\` once before the loop and use \`has\`.`;
  if (!test) return `Build a Map from each value in \`${ref}\` to its ${method === 'lastIndexOf' ? 'last' : 'first'} index once before the loop.`;
  // `xs.filter((x) => x === v)` yields `v` as many times as it occurs: a count is all it computes.
  if (!path && method === 'filter') {
    return test.exact ? `Count each value of \`${ref}\` in a Map once before the loop.` : `Group \`${ref}\` by value in a Map of arrays once before the loop.`;
  }
  if (!path) return `Build a Set from \`${ref}\` once before the loop and use \`has\`.`;
  if (method === 'some' || method === 'every') return `Build a Set of the \`${path}\` values in \`${ref}\` once before the loop and use \`has\`.`;
  if (method === 'filter') return `Group \`${ref}\` by \`${path}\` in a Map of arrays once before the loop.`;
  const which = method.startsWith('findLast') ? 'last' : 'first';
  if (method.endsWith('Index')) return `Build a Map from each \`${path}\` in \`${ref}\` to its ${which} index once before the loop.`;
  return `Index \`${ref}\` by \`${path}\` in a Map (keeping the ${which} match) once before the loop and use \`get\`.`;
}

/** `xs.indexOf(v) !== -1`, `xs.indexOf(v) >= 0`, `-1 === xs.indexOf(v)`, …: the comparison and whether it asks "found". */
function comparisonOf(call: ts.CallExpression): { node: ts.BinaryExpression; found: boolean } | undefined {
  let top: ts.Node = call;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const parent = top.parent;
  if (!ts.isBinaryExpression(parent)) return undefined;
  const onLeft = parent.left === top;
  const other = skipOuter(onLeft ? parent.right : parent.left);
  const value = ts.isNumericLiteral(other) ? Number(other.text)
    : ts.isPrefixUnaryExpression(other) && other.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(other.operand)
      ? -Number(other.operand.text) : undefined;
  const K = ts.SyntaxKind;
  const op = parent.operatorToken.kind;
  // Read as `index <op> value`, with the operator mirrored when the call is on the right.
  const mirrored: Partial<Record<ts.SyntaxKind, ts.SyntaxKind>> = {
    [K.LessThanToken]: K.GreaterThanToken, [K.GreaterThanToken]: K.LessThanToken,
    [K.LessThanEqualsToken]: K.GreaterThanEqualsToken, [K.GreaterThanEqualsToken]: K.LessThanEqualsToken,
  };
  const read = onLeft ? op : mirrored[op] ?? op;
  if (value === -1) {
    if (read === K.ExclamationEqualsEqualsToken || read === K.ExclamationEqualsToken || read === K.GreaterThanToken) return { node: parent, found: true };
    if (read === K.EqualsEqualsEqualsToken || read === K.EqualsEqualsToken || read === K.LessThanEqualsToken) return { node: parent, found: false };
  }
  if (value === 0) {
    if (read === K.GreaterThanEqualsToken) return { node: parent, found: true };
    if (read === K.LessThanToken) return { node: parent, found: false };
  }
  return undefined;
}


/**
 * `xs.filter((x, i) => xs.indexOf(x) === i)` and its relatives (`lastIndexOf`, `findIndex` by key, `!==` for the
 * repeats): a search of the filtered array itself for each element. Reported on the `filter` call.
 */
function reportDedupe(call: ts.CallExpression, method: string, driver: Iteration, context: RuleContext): boolean {
  if (!POSITION_LOOKUPS.has(method) || driver.kind !== 'callback' || driver.method !== 'filter' || !driver.collection) return false;
  const fn = driver.body;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const [item, index, self] = fn.parameters;
  if (!item || !index || !ts.isIdentifier(item.name) || !ts.isIdentifier(index.name)) return false;
  const collection = referenceText(driver.collection);
  const searched = referenceText((call.expression as ts.PropertyAccessExpression).expression);
  if (!collection || !searched) return false;
  if (searched !== collection && !(self && ts.isIdentifier(self.name) && searched === self.name.text)) return false;
  let test: KeyedTest | undefined;
  if (method.endsWith('Of')) {
    const arg = skipOuter(call.arguments[0]);
    if (call.arguments.length !== 1 || !ts.isIdentifier(arg) || arg.text !== item.name.text) return false;
  } else {
    test = keyedTest(call, false);
    if (!test?.path || referenceText(test.value) !== `${item.name.text}.${test.path}`) return false;
  }
  let top: ts.Node = call;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const comparison = top.parent;
  if (!ts.isBinaryExpression(comparison)) return false;
  const other = skipOuter(comparison.left === top ? comparison.right : comparison.left);
  if (!ts.isIdentifier(other) || other.text !== index.name.text) return false;
  const op = comparison.operatorToken.kind;
  const keeps = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  if (!keeps && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return false;

  const what = !keeps ? 'the repeated occurrences' : test ? `the ${method === 'findIndex' ? 'first' : 'last'} element for each \`${test.path}\``
    : `the ${method === 'indexOf' ? 'first' : 'last'} occurrence of each value`;
  const todo = keeps && method === 'indexOf' ? `\`[...new Set(${collection})]\` gives the same in one pass.`
    : `Record the ${test ? `\`${test.path}\` values` : 'values'} already seen in a Set in one pass.`;
  const fixable = keeps && method === 'indexOf' && returnedExpression(fn) === comparison && fn.parameters.length <= 3 &&
    (driver.node as ts.CallExpression).arguments.length === 1;
  context.report({
    node: driver.node,
    message: `\`${quote(driver.node, context.sourceFile)}\` keeps ${what} by searching \`${collection}\` again for every element: O(n²). ${todo}`,
    related: [{ node: call, message: 'the search repeated for each element' }],
    fixes: () => optional(fixable ? dedupeFix(driver, collection, item, context) : undefined),
  });
  return true;
}

function dedupeFix(driver: Iteration, collection: string, item: ts.ParameterDeclaration, context: RuleContext): Fix | undefined {
  const { checker, sourceFile } = context;
  const filter = driver.node as ts.CallExpression;
  const receiver = driver.collection!;
  if (ts.isOptionalChain(filter) || item.initializer || classify(receiver, checker) !== 'array') return undefined;
  const caveats: string[] = [];
  if (!checker) caveats.push('without type information NaN cannot be ruled out: the idiom drops NaN, a Set keeps one');
  else if (mayBeNaN(checker.getTypeAtLocation(item))) caveats.push('the elements may be NaN: the idiom drops them (`indexOf` never finds NaN), a Set keeps one');
  if (!isKnownDense(receiver, checker)) caveats.push(`if \`${collection}\` has holes, \`filter\` skipped them while the Set holds one \`undefined\``);
  if (collection.includes('.')) caveats.push(`\`${collection}\` is read once instead of once per element: a getter could tell the difference`);
  return {
    title: `Replace with \`[...new Set(${collection})]\``,
    safe: caveats.length === 0,
    ...(caveats.length > 0 ? { caveat: caveats.join('; ') } : {}),
    edits: [replaceNode(filter, sourceFile, `[...new Set(${nodeText(receiver, sourceFile)})]`)],
  };
}
