import ts from '../ast/ts-api.ts';
import { isTinyConstantArray, referenceText } from '../ast/collections.ts';
import { derivedName, freshName, indentationOf, nodeText, replaceNode } from '../ast/edits.ts';
import { isFunctionLike, methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import type { QueryCall } from '../ast/queries.ts';
import { recognizeQuery, recognizeReference } from '../ast/queries.ts';
import { batchedForm, describeCall, looksUpElement, parallelCost, prismaKeyLookup, unboundNote } from '../ast/query-advice.ts';
import { namesDeclaredIn, referencesAny } from '../ast/query-loops.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

const BULK = /^(createMany|createManyAndReturn|insertMany|bulkCreate|bulkWrite|mset|mget|hmget|loadMany|updateMany|deleteMany)$/;
const CHUNKED = /chunk|batch|page|shard|partition|slice/i;
/** Writes with one batched equivalent; updates and upserts carry per-row data and have none. */
const BATCHABLE_WRITE = /^(create|insert|insertOne|delete|destroy|remove|del|unlink|set|hset|sadd|zadd)$/i;

export const promiseAllQueries: Rule = {
  id: 'promise-all-queries',
  family: 'query',
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  types: 'optional',
  summary: '`Promise.all(ids.map(id => query(id)))`: parallel, but still one database or cache round trip per element.',
  why: `Running the queries concurrently hides the latency of each, but the server still parses, plans and answers
\`n\` separate statements, each one holding a pooled connection: with a pool of 10, a thousand ids queue behind
each other anyway and starve every other request of connections. One query over all keys (\`findMany\` with \`in\`,
\`WHERE id = ANY($1)\`, \`find({ _id: { $in: ids } })\`, \`mget\`) does the same work in one round trip.

Clients that batch by themselves are not reported: Prisma merges \`findUnique\` / \`findUniqueOrThrow\` calls made in
the same tick into one query (its dataloader), and DataLoader's \`load\` does the same for any backend. Prisma's
\`findFirst\` and \`findMany\` are not batched; neither is anything in Drizzle, TypeORM, Sequelize, Mongoose, Knex,
node-postgres, mysql2 or Redis (ioredis auto-pipelining is opt-in). Updates and upserts carrying per-row data have no
single-statement equivalent and are left alone, as are chunked bulk calls and HTTP requests (whether a batch
endpoint exists is the API's business).

A function passed by reference — \`ids.map(db.get)\`, \`ids.map(User.findById)\`, \`ids.map(loadUser)\` for a function of
the same file that queries — is called once per element just like the arrow that calls it. Where the method is known
to read \`this\` (a library class's method, or one of the program's own), the message adds the second problem: passed
without its object, it runs with \`this\` undefined and fails.`,
  fixSafetyNotes: `Only Prisma \`findFirst\` looked up by \`{ where: { id: element } }\` in \`Promise.all(ids.map(...))\`
gets an edit: the whole \`Promise.all\` becomes one \`findMany({ where: { id: { in: ids } } })\` whose rows are put
back in the order of \`ids\`, with \`null\` where a row is missing — the same array the original resolved to. It is a
suggestion (\`safe: false\`): the query runs even when \`ids\` is empty, a failure rejects once for all ids, and
middleware or extensions that hook \`findFirst\` no longer see the calls. Other clients get the batched form in the
message; switching from \`findFirst\` to \`findUnique\` (when the filter is a unique key) also lets Prisma batch.`,
  examples: {
    invalid: [
      `declare const repo: any;
export function loadAll(ids: number[]) {
  return Promise.all(ids.map(async (id) => await repo.findOneBy({ id })));
}`,
      `declare const prisma: any;
export function loadUsers(ids: string[]) {
  return Promise.all(ids.map((id) => prisma.user.findFirst({ where: { id } })));
}`,
      `declare const db: any;
export function loadAll(keys: string[]) {
  return Promise.all(keys.map(db.get));
}`,
    ],
    valid: [
      `declare const prisma: any;
export function loadUsers(ids: string[]) {
  return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
}`,
      `declare const userLoader: any;
export function loadUsers(ids: string[]) {
  return Promise.all(ids.map((id) => userLoader.load(id)));
}`,
      `export function counts(ids: string[], headers: Headers) {
  return Promise.all(ids.map(headers.get, headers));
}`,
    ],
  },
  kinds: [ts.SyntaxKind.CallExpression],
  calls: ['all', 'allSettled'],
  check(node, context) {
    if (!ts.isCallExpression(node)) return;
    const callee = skipOuter(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Promise' ||
      (callee.name.text !== 'all' && callee.name.text !== 'allSettled') || node.arguments.length !== 1) return;
    const mapping = perElementCall(skipOuter(node.arguments[0]));
    if (!mapping) return;
    const { collection, callback } = mapping;
    const collectionName = referenceText(collection);
    if (isTinyConstantArray(collection) || (collectionName !== undefined && CHUNKED.test(collectionName.split('.').pop() ?? ''))) return;
    const collectionText = collectionName ?? shortText(collection);
    const related = [{ node, message: `\`Promise.${callee.name.text}\` over \`${collectionText}\`` }];
    const cost = (query: QueryCall) => `${describeCall(query)} runs once per element of \`${collectionText}\`: N round trips to the ${parallelCost(query)}.`;
    if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) {
      // `ids.map(db.get)`, `ids.map(loadUser)`: the function is called with each element, like `(id) => db.get(id)`.
      const query = recognizeReference(callback, context.checker);
      if (!query || !reportable(query)) return;
      const singular = derivedName(collectionText, '');
      const element = /^[A-Za-z_$][\w$]*$/.test(singular) && singular !== collectionText ? singular : 'item';
      context.report({
        node: query.node,
        message: `${cost(query)} ${batchedForm(query, collectionText)}${mapping.bound ? '' : unboundNote(query, element)}`,
        related,
      });
      return;
    }
    const perElement = namesDeclaredIn(callback);
    for (const query of queriesIn(callback, context)) {
      if (!reportable(query) || !referencesAny(query.node, perElement)) continue;
      const lookup = prismaKeyLookup(query);
      const first = callback.parameters[0];
      const direct = first !== undefined && ts.isIdentifier(first.name) && looksUpElement(query, new Set([first.name.text]), undefined);
      const unique = query.client === 'prisma' && query.method.startsWith('findFirst') && lookup ? ' (or `findUnique`, which Prisma batches within a tick)' : '';
      context.report({
        node: query.node,
        message: `${cost(query)} ${batchedForm(query, direct ? collectionText : undefined).replace(/\.$/, `${unique}.`)}`,
        related,
        fixes: callee.name.text === 'all' ? prismaFindMany(node, callback, query, collection, context) : [],
      });
    }
  },
};

interface PerElement {
  collection: ts.Expression;
  /** The callback, or a function passed by reference (`db.get`, `loadUser`). */
  callback: ts.Expression;
  /** The reference runs with its object: a `thisArg` is given, or it is `fn.bind(obj)`. */
  bound: boolean;
}

/** `xs.map(cb)` or `Array.from(xs, cb)`: the collection and the function called once per element. */
function perElementCall(expr: ts.Expression): PerElement | undefined {
  if (!ts.isCallExpression(expr)) return undefined;
  const receiver = receiverOf(expr);
  const name = methodName(expr);
  const [collection, fn, thisArg] = name === 'map' && receiver ? [receiver, expr.arguments[0], expr.arguments[1]]
    : name === 'from' && receiver && ts.isIdentifier(receiver) && receiver.text === 'Array' && expr.arguments.length >= 2
      ? [expr.arguments[0], expr.arguments[1], expr.arguments[2]] : [];
  if (!collection || !fn) return undefined;
  const callback = skipOuter(fn);
  if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) return { collection, callback, bound: true };
  // `db.get.bind(db)`
  if (ts.isCallExpression(callback) && methodName(callback) === 'bind' && callback.arguments.length === 1) {
    const target = receiverOf(callback);
    return target ? { collection, callback: target, bound: true } : undefined;
  }
  return { collection, callback, bound: thisArg !== undefined };
}

function queriesIn(callback: ts.ArrowFunction | ts.FunctionExpression, context: RuleContext): QueryCall[] {
  const found: QueryCall[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node)) return;
    if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
      const query = recognizeQuery(node, context.checker);
      if (query) {
        found.push(query);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(callback.body);
  return found;
}

function reportable(query: QueryCall): boolean {
  if (query.kind !== 'database' && query.kind !== 'cache' && query.kind !== 'embedded') return false;
  if (query.batchedInTick || BULK.test(query.method)) return false;
  if (query.statement && !ts.isStringLiteralLike(skipOuter(query.statement as ts.Expression)) &&
    !ts.isTaggedTemplateExpression(query.statement) && !ts.isNoSubstitutionTemplateLiteral(query.statement) &&
    !(ts.isTemplateExpression(query.statement) && /^\s*(select|insert|delete)\b/i.test(query.statement.head.text))) return false;
  return !query.write || BATCHABLE_WRITE.test(query.method) || (query.statement !== undefined && /^\s*(insert|delete)\b/i.test(statementHead(query)));
}

function statementHead(query: QueryCall): string {
  const s = query.statement;
  if (!s) return '';
  if (ts.isStringLiteralLike(s)) return s.text;
  return ts.isTemplateExpression(s) ? s.head.text : '';
}

/** `Promise.all(ids.map((id) => prisma.user.findFirst({ where: { id } })))` → one `findMany`, rows put back in `ids` order. */
function prismaFindMany(node: ts.CallExpression, callback: ts.ArrowFunction | ts.FunctionExpression, query: QueryCall,
  collection: ts.Expression, context: RuleContext): Fix[] {
  if (query.client !== 'prisma' || query.method !== 'findFirst' || query.node !== query.call || !query.receiver) return [];
  if (!ts.isArrowFunction(callback) || callback.parameters.length !== 1 || !ts.isIdentifier(callback.parameters[0].name)) return [];
  const element = callback.parameters[0].name.text;
  if (returnedCall(callback) !== query.node) return [];
  const lookup = prismaKeyLookup(query);
  if (!lookup || lookup.key !== 'id' || !ts.isIdentifier(lookup.value) || lookup.value.text !== element) return [];
  const ids = referenceText(collection);
  if (ids === undefined || !ts.isPropertyAccessExpression(skipOuter(collection)) && !ts.isIdentifier(skipOuter(collection))) return [];
  const sf = context.sourceFile;
  const rows = freshName('rows', sf);
  const byId = freshName('rowById', sf);
  const extra = lookup.extra.map((p) => `, ${nodeText(p, sf)}`).join('');
  const asConst = /\.[cm]?jsx?$/.test(sf.fileName) ? '' : ' as const';
  const indent = indentationOf(node, sf);
  const text = `${nodeText(query.receiver, sf)}.findMany({ where: { id: { in: ${ids} } }${extra} }).then((${rows}) => {\n` +
    `${indent}  const ${byId} = new Map(${rows}.map((row) => [row.id, row]${asConst}));\n` +
    `${indent}  return ${ids}.map((${element}) => ${byId}.get(${element}) ?? null);\n${indent}})`;
  return [{
    title: `Fetch every \`${query.model}\` of \`${ids}\` with one \`findMany\``,
    safe: false,
    caveat: `runs the query even when \`${ids}\` is empty, rejects once for all ids, and hooks on \`findFirst\` no longer run`,
    edits: [replaceNode(node, sf, text)],
  }];
}

/** The call an arrow returns: `(x) => call`, `async (x) => await call`, `(x) => { return call; }`. */
function returnedCall(fn: ts.ArrowFunction): ts.Expression | undefined {
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    if (body.statements.length !== 1 || !ts.isReturnStatement(body.statements[0]) || !body.statements[0].expression) return undefined;
    body = body.statements[0].expression;
  }
  let expr = skipOuter(body as ts.Expression);
  if (ts.isAwaitExpression(expr)) expr = skipOuter(expr.expression);
  return expr;
}

function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
