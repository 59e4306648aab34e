import ts from 'typescript';
import type { CollectionKind } from '../ast/collections.ts';
import { classify, referenceText } from '../ast/collections.ts';
import { indentationOf, nodeText, replaceNode } from '../ast/edits.ts';
import { isFunctionLike, methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

export const asyncForeach: Rule = {
  id: 'async-foreach',
  family: 'query',
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  types: 'optional',
  summary: '`forEach` with an `async` callback: nobody waits for the work, and its errors become unhandled rejections.',
  why: `\`forEach\` ignores what its callback returns, so the promises of an \`async\` callback are dropped: every
callback starts at once (all the queries or requests fire together, unbounded), the surrounding function moves on
and returns before any of them finished, and a rejection is never caught by the caller's \`try\` — it surfaces as an
unhandled rejection, which by default crashes Node. Code after the loop (sending the response, closing the
connection, the test's assertions) runs too early. Reported when the callback contains an \`await\` and the
\`forEach\` result is discarded; a \`forEach\` that returns a promise (Node streams' \`readable.forEach\`) awaits its
callback and is not reported when the checker knows its type.`,
  fixSafetyNotes: `Two suggestions, both \`safe: false\` and never preferred, offered only inside an \`async\` function where
the loop can be awaited. \`await Promise.all(items.map(callback))\` keeps the callbacks concurrent and makes the
function wait for them; it now rejects with the first error (the others keep running) instead of leaving rejections
unhandled. \`for (const item of items) { … }\` runs them one after another — slower when they are independent, but
bounded — and the function waits and throws at the first error; holes of sparse arrays are visited (as \`undefined\`)
where \`forEach\` skipped them. The \`for…of\` form is offered only for an arrow callback with one parameter and no
\`return\` in its body (a \`return\` would leave the loop instead of ending one callback); \`Promise.all\` only for
arrays. In a function that is not \`async\` there is no edit: make it \`async\` (or return the \`Promise.all\`) first.`,
  examples: {
    invalid: [
      `declare function notify(id: string): Promise<void>;
export async function notifyAll(userIds: string[]) {
  userIds.forEach(async (id) => {
    await notify(id);
  });
  console.log('all notified'); // runs before any notification is sent
}`,
    ],
    valid: [
      `declare function notify(id: string): Promise<void>;
export async function notifyAll(userIds: string[]) {
  await Promise.all(userIds.map(async (id) => {
    await notify(id);
  }));
}`,
      `declare function log(id: string): void;
export function logAll(userIds: string[]) {
  userIds.forEach((id) => log(id));
}`,
    ],
  },
  kinds: [ts.SyntaxKind.CallExpression],
  check(node, context) {
    if (!ts.isCallExpression(node) || methodName(node) !== 'forEach') return;
    const callback = node.arguments[0];
    const receiver = receiverOf(node);
    if (!receiver || !callback || (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback))) return;
    if (!callback.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) || !awaitsInside(callback)) return;
    if (!ts.isExpressionStatement(node.parent) || !returnsNothing(node, context.checker)) return;
    const name = referenceText(receiver) ?? shortText(receiver);
    const kind = classify(receiver, context.checker);
    const asArray = kind === 'map' ? `[...${name}.values()]` : kind === 'set' ? `[...${name}]` : name;
    context.report({
      node: node.expression,
      message: `\`${name}.forEach\` does not wait for its \`async\` callback: the callbacks all start at once, the function goes on ` +
        `before they finish, and their errors become unhandled rejections. Use \`await Promise.all(${asArray}.map(async …))\` to run ` +
        `them concurrently, or \`for (const … of ${name})\` to run them in turn.`,
      related: [{ node: callback, message: 'this callback returns a promise nobody awaits' }],
      fixes: fixes(node, node.parent, receiver, kind, callback, context),
    });
  },
};

/** An `await` (or `for await`) of the callback itself, not of a function nested in it. */
function awaitsInside(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

/** Array, Set, Map and NodeList `forEach` return undefined; a promise-returning `forEach` (Node streams) awaits its callback. */
function returnsNothing(call: ts.CallExpression, checker: ts.TypeChecker | undefined): boolean {
  if (!checker) return true;
  const type = checker.getTypeAtLocation(call);
  return (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

function fixes(call: ts.CallExpression, statement: ts.ExpressionStatement, receiver: ts.Expression, kind: CollectionKind,
  callback: ts.ArrowFunction | ts.FunctionExpression, context: RuleContext): Fix[] {
  const owner = ts.findAncestor(statement.parent, isFunctionLike);
  if (!owner?.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return [];
  const sf = context.sourceFile;
  const receiverText = nodeText(receiver, sf);
  const found: Fix[] = [];
  // Array.from(set, fn) and Array.from(map.values(), fn) pass (value, index): the same as forEach only for one parameter.
  const mapped = kind === 'array' ? `${receiverText}.map(${call.arguments.map((a) => nodeText(a, sf)).join(', ')})`
    : (kind === 'set' || kind === 'map') && callback.parameters.length === 1 && call.arguments.length === 1
      ? `Array.from(${receiverText}${kind === 'map' ? '.values()' : ''}, ${nodeText(callback, sf)})` : undefined;
  if (mapped) {
    found.push({
      title: `Await all callbacks with \`Promise.all(…)\``,
      safe: false,
      caveat: 'the function now waits for every callback and rejects with the first error instead of leaving rejections unhandled',
      edits: [replaceNode(statement, sf, `await Promise.all(${mapped});`)],
    });
  }
  const param = callback.parameters[0];
  if ((kind === 'array' || kind === 'set' || kind === 'map') && ts.isArrowFunction(callback) && callback.parameters.length === 1 &&
    call.arguments.length === 1 && !param.initializer && !param.dotDotDotToken && !returnsInside(callback)) {
    const iterable = kind === 'map' ? `${receiverText}.values()` : receiverText;
    const body = ts.isBlock(callback.body) ? nodeText(callback.body, sf)
      : `{\n${indentationOf(statement, sf)}  ${nodeText(callback.body, sf)};\n${indentationOf(statement, sf)}}`;
    found.push({
      title: `Run the callbacks one after another with \`for (const … of ${shortText(receiver)})\``,
      safe: false,
      caveat: 'the callbacks run one at a time instead of all at once, the function waits for them and throws at the first error, and holes of sparse arrays are visited',
      edits: [replaceNode(statement, sf, `for (const ${nodeText(param.name, sf)} of ${iterable}) ${body}`)],
    });
  }
  return found;
}

/** A `return` of the callback itself: inside a `for…of` body it would leave the whole loop. */
function returnsInside(fn: ts.ArrowFunction): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isReturnStatement(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

function shortText(node: ts.Node): string {
  const text = skipOuter(node as ts.Expression).getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
