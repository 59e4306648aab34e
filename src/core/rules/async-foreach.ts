import ts from '../ast/ts-api.ts';
import type { CollectionKind } from '../ast/collections.ts';
import { classify, referenceText } from '../ast/collections.ts';
import { derivedName, indentationOf, nodeText, replaceNode } from '../ast/edits.ts';
import { isFunctionLike, methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import type { QueryCall } from '../ast/queries.ts';
import { recognizeReference } from '../ast/queries.ts';
import { describeCall, unboundNote } from '../ast/query-advice.ts';
import { localFunction } from '../ast/query-wrappers.ts';
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
\`forEach\` result is discarded, and when the callback is passed by reference: an \`async\` function of the same file
that awaits (\`ids.forEach(processItem)\`), or a recognised round trip (\`ids.forEach(db.del)\`). A \`forEach\` that
returns a promise (Node streams' \`readable.forEach\`) awaits its callback and is not reported when the checker knows
its type.`,
  fixSafetyNotes: `Two suggestions, both \`safe: false\` and never preferred, offered only inside an \`async\` function where
the loop can be awaited. \`await Promise.all(items.map(callback))\` keeps the callbacks concurrent and makes the
function wait for them; it now rejects with the first error (the others keep running) instead of leaving rejections
unhandled. \`for (const item of items) { … }\` runs them one after another — slower when they are independent, but
bounded — and the function waits and throws at the first error; holes of sparse arrays are visited (as \`undefined\`)
where \`forEach\` skipped them. The \`for…of\` form is offered only for an arrow callback with one parameter and no
\`return\` in its body (a \`return\` would leave the loop instead of ending one callback); \`Promise.all\` for arrays,
and for Sets and Maps through \`Array.from\` when the callback takes one parameter. A function passed by reference
gets only the \`Promise.all\` edit, for arrays: \`map\` calls it with the same arguments and \`this\` as \`forEach\` did.
In a function that is not \`async\` there is no edit: make it \`async\` (or return the \`Promise.all\`) first.`,
  examples: {
    invalid: [
      `declare function notify(id: string): Promise<void>;
export async function notifyAll(userIds: string[]) {
  userIds.forEach(async (id) => {
    await notify(id);
  });
  console.log('all notified'); // runs before any notification is sent
}`,
      `declare const db: any;
async function archive(id: string) {
  await db.orders.updateOne({ _id: id }, { $set: { archived: true } });
}
export function archiveAll(orderIds: string[]) {
  orderIds.forEach(archive);
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
  calls: ['forEach'],
  check(node, context) {
    if (!ts.isCallExpression(node) || methodName(node) !== 'forEach') return;
    const callback = node.arguments[0];
    const receiver = receiverOf(node);
    if (!receiver || !callback || !ts.isExpressionStatement(node.parent)) return;
    const name = referenceText(receiver) ?? shortText(receiver);
    if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) {
      const dropped = droppedPromise(skipOuter(callback), context);
      if (!dropped || !returnsNothing(node, context.checker)) return;
      const singular = derivedName(name, '');
      const unbound = dropped.query && node.arguments.length === 1
        ? unboundNote(dropped.query, /^[A-Za-z_$][\w$]*$/.test(singular) && singular !== name ? singular : 'item') : '';
      const kind = classify(receiver, context.checker);
      context.report({
        node: node.expression,
        message: `\`${name}.forEach\` drops the promise ${dropped.name} returns: the calls all start at once, the function goes on before ` +
          `they finish, and their errors become unhandled rejections. Use \`await Promise.all(${asArray(name, kind)}.map(${nodeText(callback, context.sourceFile)}))\` ` +
          `to run them concurrently, or \`for (const … of ${name})\` to run them in turn.${unbound}`,
        related: [{ node: callback, message: 'this function returns a promise nobody awaits' }],
        fixes: kind === 'array' ? awaitMapped(node, node.parent, receiver, context) : [],
      });
      return;
    }
    if (!callback.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) || !awaitsInside(callback)) return;
    if (!returnsNothing(node, context.checker)) return;
    const kind = classify(receiver, context.checker);
    context.report({
      node: node.expression,
      message: `\`${name}.forEach\` does not wait for its \`async\` callback: the callbacks all start at once, the function goes on ` +
        `before they finish, and their errors become unhandled rejections. Use \`await Promise.all(${asArray(name, kind)}.map(async …))\` to run ` +
        `them concurrently, or \`for (const … of ${name})\` to run them in turn.`,
      related: [{ node: callback, message: 'this callback returns a promise nobody awaits' }],
      fixes: fixes(node, node.parent, receiver, kind, callback, context),
    });
  },
};

function asArray(name: string, kind: CollectionKind): string {
  return kind === 'map' ? `[...${name}.values()]` : kind === 'set' ? `[...${name}]` : name;
}

/**
 * How a message names a function passed by reference that returns a promise: an `async` function of this file that
 * awaits (`processItem`), or a recognised round trip (`db.del`, `repo.save`). Undefined for anything else.
 */
function droppedPromise(callback: ts.Expression, context: RuleContext): { name: string; query?: QueryCall } | undefined {
  if (ts.isIdentifier(callback)) {
    const fn = localFunction(callback, context.checker);
    if (fn && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) && awaitsInside(fn)) return { name: `\`${callback.text}\`` };
  }
  const query = recognizeReference(callback, context.checker);
  return query && query.kind !== 'in-process' && query.kind !== 'loader' ? { name: describeCall(query), query } : undefined;
}

/** `xs.forEach(fn)` → `await Promise.all(xs.map(fn))`: `map` calls `fn` with the same arguments and `this` as `forEach`. */
function awaitMapped(call: ts.CallExpression, statement: ts.ExpressionStatement, receiver: ts.Expression, context: RuleContext): Fix[] {
  const owner = ts.findAncestor(statement.parent, isFunctionLike);
  if (!owner?.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return [];
  const sf = context.sourceFile;
  return [{
    title: 'Await all calls with `Promise.all(…)`',
    safe: false,
    caveat: 'the function now waits for every call and rejects with the first error instead of leaving rejections unhandled',
    edits: [replaceNode(statement, sf, `await Promise.all(${nodeText(receiver, sf)}.map(${call.arguments.map((a) => nodeText(a, sf)).join(', ')}));`)],
  }];
}

/** An `await` (or `for await`) of the callback itself, not of a function nested in it. */
function awaitsInside(fn: ts.FunctionLikeDeclaration): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
    else ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
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
