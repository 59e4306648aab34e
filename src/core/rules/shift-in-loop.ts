import ts from '../ast/ts-api.ts';
import { contains, declarationKeyword, declarationOf, isVariableReference, referencesTo } from '../ast/bindings.ts';
import { isBoundedCollection } from '../ast/bounded.ts';
import { classify, findDeclaration, referenceText } from '../ast/collections.ts';
import { freshName, indentationOf, insertLinesBefore, optional, replaceNode } from '../ast/edits.ts';
import type { Iteration } from '../ast/iteration.ts';
import { enclosingIterations, exitsOnFirstTurn, methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import { isPerTurn } from '../ast/turns.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

export const shiftInLoop: Rule = {
  id: 'shift-in-loop',
  family: 'quadratic',
  defaultSeverity: 'warning',
  fixSafety: 'safe',
  types: 'optional',
  summary: 'An array drained with `shift()` / `splice(0, k)` or grown with `unshift()` inside a loop: every call moves all elements.',
  why: [
    '`shift()`, `unshift()` and `splice(0, k)` change the front of an array, so every remaining element moves one slot',
    '(engines only hide this for small arrays). A loop that drains a queue with `shift()` or builds a list with `unshift()`',
    'therefore does 1 + 2 + … + n = O(n²) element moves: a breadth-first search over 100,000 nodes moves about 5 billion.',
    'Reading with an index that walks forward, or pushing and reversing once, is O(n).',
  ].join(' '),
  fixSafetyNotes: [
    [
      'A queue drained by `while (queue.length) { const x = queue.shift(); … }` becomes',
      '`let head = 0; while (head < queue.length) { const x = queue[head++]; … }`. The fix is **safe**, and offered only, when',
      '`queue` is a local `const`/`let` initialised with an array literal in the block that holds the loop, the loop condition',
      'is exactly a non-empty test of `queue`, the `shift()` is the first statement of the body (so it runs exactly once per',
      'turn), and every other use of `queue` is a `push` (before or inside the loop): nothing can then observe that consumed',
      'items stay in the array. Any other read (`queue.length` in the body, passing `queue` on, using it after the loop) means',
      'no fix. Consumed items stay reachable until `queue` goes out of scope, which costs memory, not behaviour.',
    ].join(' '),
    [
      '`out.unshift(x)` in a loop becomes `out.push(x)` with `out.reverse()` right after the loop. It is **safe**, and offered',
      'only, when `out` is a local `const`/`let` initialised with `[]` in the block that holds the loop, is not used between',
      'its declaration and the end of the loop except by that single-argument `unshift` statement: the loop can then only',
      'leave normally (reaching the `reverse()`) or leave the block, where `out` is out of reach.',
    ].join(' '),
    [
      '`splice(0, k)` is reported without a fix; `splice(0, q.length)`, which takes the whole batch at once, is not reported.',
      'A drain is a loop whose condition tests that the array is not empty, pulls the item itself',
      '(`while ((x = q.shift()) !== undefined)`), or a `while (true)` / `for (;;)` whose first statement takes the item.',
      'Argument vectors (`process.argv`, names containing `argv`) are not reported: they hold a handful of items. Loops',
      'that `shift()` without draining (a sliding window that drops one item per push) are not reported either: their array',
      'stays small. `unshift` is only reported in loops that walk a collection, not in `while (node)` walks up a tree, and',
      'not in loops over a `const` table of at most 16 entries that nothing changes.',
    ].join(' '),
    [
      '`unshift` into an array made for the turn (declared in the loop body, or reached from the turn\'s element, destructured',
      'or not) is not reported: each array gets one call. Neither is `unshift` when the loops the array lives across also take',
      'from its front (`shift()`, `splice(0, k)`): such a stack at the front holds what was entered and not yet left, like the',
      'ancestors during a tree walk, so its length follows the nesting depth rather than the input. That is not guaranteed',
      '(a loop may enter more than it leaves), but telling needs the balance of its branches, so the rule stays quiet. A loop',
      'that drains such a stack (`while (s.length) { const n = s.shift(); … s.unshift(child); }`) grows it by whole levels and',
      'is still reported, on the `shift`, with the advice to keep the top of the stack at the end. When the loops also read',
      'the array another way (pop it, read its elements, hand it on), reversing once afterwards would change what they see:',
      'the message advises a deque instead and no fix is offered.',
    ].join(' '),
  ].join('\n\n'),
  examples: {
    invalid: [
      `interface Node { children: Node[] }
export function count(root: Node): number {
  const queue = [root];
  let seen = 0;
  while (queue.length > 0) {
    const node = queue.shift()!;
    seen++;
    queue.push(...node.children);
  }
  return seen;
}`,
      `export function reversed(items: string[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    out.unshift(item.trim());
  }
  return out;
}`,
      `declare function send(rows: number[]): void;
export function upload(rows: number[]): void {
  while (rows.length) send(rows.splice(0, 500));
}`,
    ],
    valid: [
      `export function window(values: number[]): number[] {
  const last: number[] = [];
  for (const v of values) {
    if (last.length === 3) last.shift();
    last.push(v);
  }
  return last;
}`,
      `const args = process.argv.slice(2);
while (args.length) {
  const arg = args.shift();
  console.log(arg);
}`,
      `class Deque<T> { private items: T[] = []; get length() { return this.items.length; } shift(): T | undefined { return this.items.pop(); } }
declare const jobs: Deque<string>;
while (jobs.length) console.log(jobs.shift());`,
      `export function first(queue: string[]): string | undefined {
  return queue.shift();
}`,
      `export const headed = (rows: string[][]) => rows.map((row) => {
  const cells = [...row];
  cells.unshift('#');
  return cells;
});`,
      `export function deepest(steps: { enter: boolean; node: object }[]): number {
  const ancestors: object[] = [];
  let depth = 0;
  for (const step of steps) {
    if (step.enter) ancestors.unshift(step.node);
    else ancestors.shift();
    depth = Math.max(depth, ancestors.length);
  }
  return depth;
}`,
    ],
  },
  kinds: [ts.SyntaxKind.CallExpression],
  calls: ['shift', 'unshift', 'splice'],
  check(node, context) {
    const call = node as ts.CallExpression;
    const method = methodName(call);
    if (method !== 'shift' && method !== 'unshift' && method !== 'splice') return;
    if (method === 'splice' && !(call.arguments.length >= 2 && isZero(call.arguments[0]))) return;
    // `q.splice(0, q.length)` takes the whole batch at once: one move per turn, not per item.
    if (method === 'splice' && isLengthOf(call.arguments[1], receiverOf(call))) return;
    const receiver = receiverOf(call);
    const ref = receiver && referenceText(receiver);
    if (!receiver || !ref || isArgv(receiver, ref)) return;
    const iterations = enclosingIterations(call);
    if (iterations.length === 0 || exitsOnFirstTurn(iterations[0])) return;
    const loop = method === 'unshift' ? growingLoop(iterations) : iterations.find((it) => drains(it, ref, call));
    if (!loop || classify(receiver, context.checker) !== 'array') return;
    const root = rootOf(receiver);
    const declaration = root && declarationOf(root, context.checker);
    if (root && isPerTurn(root.text, declaration, loop)) return;
    // The array keeps its items across every enclosing loop it is declared outside: all of them can see it.
    const outermost = iterations.filter((it) => !(declaration && contains(it.node, declaration))).pop() ?? loop;
    const uses = usesIn(outermost.node, ref, call);

    if (method === 'unshift') {
      // A stack kept at the front (`unshift` to enter, `shift` to leave) holds what is entered and not yet left, such as
      // the ancestors of a tree walk: its length follows the nesting, not the number of turns.
      if (uses.has('front')) return;
      const over = loop.collection && referenceText(loop.collection);
      const advice = uses.has('other')
        ? `The loop also reads or changes \`${ref}\`, so reversing once afterwards would change what it sees: keep the items in a deque (a ring buffer, or two arrays) that adds at either end in O(1).`
        : 'Push, then reverse once after the loop.';
      const fixes = () => (uses.has('other') ? [] : optional(unshiftFix(call, receiver, loop, context)));
      context.report({
        node: call,
        message: `\`${ref}.unshift()\` moves every element already in \`${ref}\` on each turn${over && !uses.has('other') ? ` over \`${over}\`` : ''}: O(n²). ${advice}`,
        related: [{ node: loop.node, message: loop.kind === 'callback' ? `the \`${loop.method}\` call` : 'this loop' }],
        fixes,
      });
      return;
    }
    const fixes = () => (method === 'shift' ? optional(drainFix(call, receiver, loop, context)) : []);
    const advice = uses.has('unshift')
      ? `\`${ref}\` is a stack kept at its front (\`unshift\` and \`${method}\`): push and pop at its end instead.`
      : method === 'shift'
        ? `Read with an index that moves forward (\`${ref}[head++]\`) instead.`
        : `Walk \`${ref}\` with an offset and \`slice\` instead.`;
    context.report({
      node: call,
      message: method === 'shift'
        ? `\`${ref}.shift()\` runs on every turn of a loop that drains \`${ref}\` and moves every remaining element each time: O(n²) for n items. ${advice}`
        : `\`${ref}.splice(0, k)\` runs on every turn of a loop that drains \`${ref}\` and moves every remaining element each time: O(n²/k) for n items. ${advice}`,
      related: [{ node: loop.node, message: 'the loop that drains it' }],
      fixes,
    });
  },
};

function isZero(expr: ts.Expression): boolean {
  const inner = skipOuter(expr);
  return ts.isNumericLiteral(inner) && Number(inner.text) === 0;
}

/** Command-line argument lists hold a handful of items; shifting them is the idiom, not a cost. */
function isArgv(receiver: ts.Expression, ref: string): boolean {
  if (/argv/i.test(ref)) return true;
  const inner = skipOuter(receiver);
  const declaration = ts.isIdentifier(inner) ? findDeclaration(inner) : undefined;
  return declaration?.initializer !== undefined && /\bargv\b|\bDeno\.args\b/.test(declaration.initializer.getText());
}

/** The loop condition says "while `ref` is not empty", or pulls the next item itself (`while ((x = q.shift()))`). */
function drains(iteration: Iteration, ref: string, call: ts.CallExpression): boolean {
  const node = iteration.node;
  if (!ts.isWhileStatement(node) && !ts.isDoStatement(node) && !ts.isForStatement(node)) return false;
  const condition = ts.isForStatement(node) ? node.condition : node.expression;
  if (!condition || condition.kind === ts.SyntaxKind.TrueKeyword) return isInfiniteDrain(iteration, call);
  if (condition.pos <= call.pos && call.end <= condition.end) return true;
  return conjuncts(condition).some((part) => isNonEmptyTest(part, ref));
}

/** `while (true) { const job = q.shift(); if (!job) break; … }`: the first thing each turn does is take the next item. */
function isInfiniteDrain(iteration: Iteration, call: ts.CallExpression): boolean {
  const body = iteration.body;
  const first = ts.isBlock(body) ? body.statements[0] : undefined;
  return first !== undefined && startsWith(first, call);
}

function isLengthOf(expr: ts.Expression, receiver: ts.Expression | undefined): boolean {
  const inner = skipOuter(expr);
  return receiver !== undefined && ts.isPropertyAccessExpression(inner) && inner.name.text === 'length' &&
    referenceText(inner.expression) !== undefined && referenceText(inner.expression) === referenceText(receiver);
}

function conjuncts(expr: ts.Expression): ts.Expression[] {
  const inner = skipOuter(expr);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return [...conjuncts(inner.left), ...conjuncts(inner.right)];
  }
  return [inner];
}

/** `q.length`, `q.length > 0`, `q.length !== 0`, `q.length >= 1`, `0 < q.length`, `!!q.length`. */
function isNonEmptyTest(expr: ts.Expression, ref: string): boolean {
  const inner = skipOuter(expr);
  const isLength = (e: ts.Expression) => {
    const x = skipOuter(e);
    return ts.isPropertyAccessExpression(x) && x.name.text === 'length' && referenceText(x.expression) === ref;
  };
  const literal = (e: ts.Expression, value: number) => ts.isNumericLiteral(skipOuter(e)) && Number((skipOuter(e) as ts.NumericLiteral).text) === value;
  if (isLength(inner)) return true;
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = skipOuter(inner.operand);
    return ts.isPrefixUnaryExpression(operand) && operand.operator === ts.SyntaxKind.ExclamationToken && isLength(operand.operand);
  }
  if (!ts.isBinaryExpression(inner)) return false;
  const op = inner.operatorToken.kind;
  const { left, right } = inner;
  if (isLength(left)) {
    return ((op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) && literal(right, 0)) ||
      (op === ts.SyntaxKind.GreaterThanEqualsToken && literal(right, 1));
  }
  if (isLength(right)) {
    return ((op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) && literal(left, 0)) ||
      (op === ts.SyntaxKind.LessThanEqualsToken && literal(left, 1));
  }
  return false;
}

/** The innermost loop that walks a collection of non-trivial size; `while (node)` tree walks have no collection. */
function growingLoop(iterations: Iteration[]): Iteration | undefined {
  const loop = iterations[0];
  if (!loop.collection || isBoundedCollection(loop.collection)) return undefined;
  return loop;
}

/** The variable an array is reached from: `job` in `job.queue`, `queue` itself; none for `this.queue`. */
function rootOf(receiver: ts.Expression): ts.Identifier | undefined {
  let root = skipOuter(receiver);
  while (ts.isPropertyAccessExpression(root)) root = skipOuter(root.expression);
  return ts.isIdentifier(root) ? root : undefined;
}

type Use = 'front' | 'unshift' | 'other';

/**
 * How the loop uses `ref` besides `call`: takes from its front (`shift()`, `splice(0, k)`), unshifts elsewhere, or
 * anything else but reading its length (popping, pushing, reading elements, handing it on).
 */
function usesIn(loop: ts.Node, ref: string, call: ts.CallExpression): Set<Use> {
  const found = new Set<Use>();
  const visit = (node: ts.Node): void => {
    if (ts.isExpression(node) && referenceText(node) === ref && !(ts.isIdentifier(node) && !isVariableReference(node))) {
      const use = useOf(node, call);
      if (use) found.add(use);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(loop);
  return found;
}

function useOf(reference: ts.Expression, call: ts.CallExpression): Use | undefined {
  let top: ts.Node = reference;
  while (ts.isParenthesizedExpression(top.parent) || ts.isNonNullExpression(top.parent) || ts.isAsExpression(top.parent)) top = top.parent;
  const access = top.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== top) return 'other';
  const invoked = ts.isCallExpression(access.parent) && access.parent.expression === access ? access.parent : undefined;
  if (invoked === call) return undefined;
  if (!invoked) {
    const parent = access.parent;
    const written = (ts.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) || ts.isPostfixUnaryExpression(parent) ||
      (ts.isPrefixUnaryExpression(parent) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken));
    return access.name.text === 'length' && !written ? undefined : 'other';
  }
  const method = access.name.text;
  if (method === 'shift' || (method === 'splice' && invoked.arguments.length >= 1 && isZero(invoked.arguments[0]))) return 'front';
  return method === 'unshift' ? 'unshift' : 'other';
}

/** The local array `receiver` names, when it is a `const`/`let` declared with an array literal in a block. */
function localArray(receiver: ts.Expression, context: RuleContext): { declaration: ts.VariableDeclaration; name: ts.Identifier; block: ts.Block | ts.SourceFile } | undefined {
  const name = skipOuter(receiver);
  if (!ts.isIdentifier(name)) return undefined;
  const declaration = declarationOf(name, context.checker);
  if (!declaration || !ts.isVariableDeclaration(declaration) || declarationKeyword(declaration) === 'var') return undefined;
  if (!declaration.initializer || !ts.isArrayLiteralExpression(skipOuter(declaration.initializer))) return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || !(ts.isBlock(statement.parent) || ts.isSourceFile(statement.parent))) return undefined;
  return { declaration, name, block: statement.parent };
}

function isPushReceiver(ref: ts.Identifier): boolean {
  const access = ref.parent;
  return ts.isPropertyAccessExpression(access) && access.expression === ref && access.name.text === 'push' &&
    ts.isCallExpression(access.parent) && access.parent.expression === access;
}

function drainFix(call: ts.CallExpression, receiver: ts.Expression, loop: Iteration, context: RuleContext): Fix | undefined {
  const { sourceFile, checker } = context;
  const local = localArray(receiver, context);
  const statement = loop.node;
  if (!local || !ts.isWhileStatement(statement) || statement.parent !== local.block) return undefined;
  const condition = skipOuter(statement.expression);
  if (!isNonEmptyTest(condition, local.name.text) || !ts.isBlock(statement.statement)) return undefined;
  const first = statement.statement.statements[0];
  if (!first || !startsWith(first, call)) return undefined;
  const conditionLength = findLength(condition);
  const uses = referencesTo(local.declaration, local.name.text, local.block, checker);
  const ok = uses.every((ref) => ref === skipOuter(receiver) || ref === conditionLength ||
    (isPushReceiver(ref) && ref.pos < statement.end));
  if (!ok) return undefined;
  const head = freshName('head', sourceFile);
  const name = local.name.text;
  return {
    title: `Read \`${name}\` with an index instead of \`shift()\``,
    safe: true,
    edits: [
      insertLinesBefore(statement, sourceFile, [`let ${head} = 0;`]),
      replaceNode(statement.expression, sourceFile, `${head} < ${name}.length`),
      replaceNode(call, sourceFile, `${name}[${head}++]`),
    ],
  };
}

/** `const x = queue.shift();` or `x = queue.shift();`, allowing `!` and casts around the call. */
function startsWith(statement: ts.Statement, call: ts.CallExpression): boolean {
  if (ts.isVariableStatement(statement)) {
    const [decl, ...more] = statement.declarationList.declarations;
    return more.length === 0 && decl.initializer !== undefined && skipOuter(decl.initializer) === call;
  }
  if (!ts.isExpressionStatement(statement)) return false;
  const expr = skipOuter(statement.expression);
  if (expr === call) return true;
  return ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken && skipOuter(expr.right) === call;
}

function findLength(condition: ts.Expression): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'length' && ts.isIdentifier(node.expression)) found = node.expression;
    else ts.forEachChild(node, visit);
  };
  visit(condition);
  return found;
}

function unshiftFix(call: ts.CallExpression, receiver: ts.Expression, loop: Iteration, context: RuleContext): Fix | undefined {
  const { sourceFile, checker } = context;
  const local = localArray(receiver, context);
  // The call's result must be unused: a statement, or the body of a `forEach` arrow.
  const unused = ts.isExpressionStatement(call.parent) || (ts.isArrowFunction(call.parent) && loop.method === 'forEach');
  if (!local || call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0]) || !unused) return undefined;
  const seed = skipOuter(local.declaration.initializer!) as ts.ArrayLiteralExpression;
  if (seed.elements.length > 0) return undefined;
  const statement = loop.kind === 'callback' ? loop.node.parent : loop.node;
  if (!statement || statement.parent !== local.block || !(ts.isExpressionStatement(statement) || ts.isIterationStatement(statement, false))) return undefined;
  const uses = referencesTo(local.declaration, local.name.text, local.block, checker);
  // Before the loop ends the array is only ever unshifted into here; afterwards it reads the same either way.
  if (!uses.every((ref) => ref === skipOuter(receiver) || ref.pos >= statement.end)) return undefined;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = local.name.text;
  // After a trailing `// comment` on the loop's last line, so the comment stays with the loop.
  const trailing = ts.getTrailingCommentRanges(sourceFile.text, statement.end) ?? [];
  const lineEnd = trailing.length > 0 ? trailing[trailing.length - 1].end : statement.end;
  return {
    title: `Push onto \`${name}\` and reverse it after the loop`,
    safe: true,
    edits: [
      replaceNode(callee.name, sourceFile, 'push'),
      { start: lineEnd, end: lineEnd, newText: `\n${indentationOf(statement, sourceFile)}${name}.reverse();` },
    ],
  };
}
