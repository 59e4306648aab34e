import ts from '../ast/ts-api.ts';
import { isTinyConstantArray, mayBeMutatedIn, referenceText } from '../ast/collections.ts';
import { freshName, insertLinesBefore, nodeText, replaceNode } from '../ast/edits.ts';
import { enclosingIterations, enclosingStatement, isFunctionLike, skipOuter } from '../ast/iteration.ts';
import { NodeMemo } from '../ast/memo.ts';
import type { QueryCall } from '../ast/queries.ts';
import { recognizeQuery } from '../ast/queries.ts';
import { batchedForm, describeCall, destination, looksUpElement, prismaKeyLookup } from '../ast/query-advice.ts';
import { carriedVariables, countersIn, growsIn, leavesEarly, namesDeclaredIn, pausesBetweenTurns, referencesAny } from '../ast/query-loops.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

/** Calls that already take many rows: one per chunk is the batching, not the problem. */
const BULK = /^(createMany|createManyAndReturn|insertMany|bulkCreate|bulkWrite|mset|mget|hmget|loadMany)$/;
const CHUNKED = /chunk|batch|page|shard|partition|slice/i;
/** Statements that change the schema or run maintenance: one per table is how they are written. */
const NOT_BATCHABLE_SQL = /^\s*(create|alter|drop|truncate|grant|revoke|vacuum|analyze|refresh|comment|set|begin|commit|rollback|savepoint|lock|reindex|cluster)\b/i;

export const queryInLoop: Rule = {
  id: 'query-in-loop',
  family: 'query',
  defaultSeverity: 'warning',
  fixSafety: 'unsafe',
  types: 'optional',
  summary: 'A database, cache or HTTP call awaited once per element of a collection (N+1 round trips).',
  why: `Each \`await\` waits for a full round trip — network latency plus the server's work — before the next
element's request even starts, so a loop over \`n\` ids costs \`n\` round trips in sequence: 1,000 ids at 2 ms each
is two seconds of waiting where one query (\`findMany\` with \`in\`, \`WHERE id = ANY($1)\`, \`mget\`, \`$in\`,
\`createMany\`) takes a few milliseconds. The rule recognises Prisma, Drizzle, TypeORM, Sequelize, Mongoose, the
MongoDB driver, Knex, node-postgres, pg-promise, mysql2, postgres.js, ioredis / node-redis, DataLoader, key-value and
document stores (LevelDB, PouchDB, nano, Deno KV), \`fetch\`, axios, got, ky and undici — by type where the checker
resolves the client, otherwise by well-known names and call shapes (\`db.get(key)\` counts; \`map.get\`,
\`headers.get\` and \`app.get('/path', handler)\` do not) — and functions of the same file (local functions, object
and class methods) whose bodies make such a call with what they are given. node-sqlite3 and LevelDB have no network,
but each call is still its own job on the driver's worker thread.

Unlike ESLint's \`no-await-in-loop\` it stays quiet where the awaits must be sequential: when a turn hands data to
the next (cursor pagination, a parent id walked down a path), when the loop condition depends on what the body
assigns, when the body can leave the loop early (retries, failover, first match), when it sleeps or waits on a rate
limiter (polling, throttling), when it appends to the collection it walks (a crawl), in \`for await\` loops, when
each statement is different (migrations, DDL per table), on chunked bulk calls, on loops over a few literal values,
on awaits that are not round trips (\`sleep\`, \`fs\`, locks), and on better-sqlite3, which runs in-process.`,
  fixSafetyNotes: `Batching changes execution: the batched query runs before the loop even when the collection is empty,
reads every row up front (rows the loop itself writes are seen as they were before it), fails as a whole instead
of at the failing element, and \`IN\` queries return rows in no particular order. So every fix is a suggestion
(\`safe: false\`) and never preferred. The only edit offered is for Prisma \`findUnique\` (or \`findFirst\` on \`id\`)
whose where clause is exactly \`{ key: loopVariable }\` in a \`for…of\` over a plain reference: it hoists
\`findMany({ where: { key: { in: ids } } })\` before the loop, indexes the rows in a \`Map\` by that key and replaces
the call with \`map.get(key) ?? null\` — the same \`null\` for a missing row. Other clients get the batched form in the
message: \`WHERE id = ANY($1)\`, \`mget\`, \`find({ _id: { $in: ids } })\`, \`createMany\`, or, for HTTP, \`Promise.all\`
with bounded concurrency (e.g. \`p-limit\`), since a thousand requests at once can overwhelm the server or hit rate
limits.`,
  examples: {
    invalid: [
      `declare const prisma: any;
export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await prisma.user.findUnique({ where: { id } }));
  }
  return users;
}`,
      `declare const pool: any;
export async function totals(orderIds: number[]) {
  let sum = 0;
  for (const id of orderIds) {
    const { rows } = await pool.query('SELECT total FROM orders WHERE id = $1', [id]);
    sum += rows[0]?.total ?? 0;
  }
  return sum;
}`,
      `declare const redis: any;
export async function sessions(keys: string[]) {
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) out.push(await redis.get(keys[i]));
  return out;
}`,
      `declare const db: any;
async function loadUser(id: string) {
  return db.users.findById(id);
}
export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) users.push(await loadUser(id));
  return users;
}`,
    ],
    valid: [
      `declare const app: any;
declare function handler(req: unknown, res: unknown): Promise<void>;
export function register(paths: string[]) {
  for (const path of paths) app.get(path, handler);
}`,
      `declare const api: any;
export async function allPages() {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await api.get('/items', { params: { cursor } });
    items.push(...page.data.items);
    cursor = page.data.next;
  } while (cursor);
  return items;
}`,
      `declare const pool: any;
export async function migrate(migrations: { sql: string }[]) {
  for (const m of migrations) await pool.query(m.sql);
}`,
      `declare const prisma: any;
export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map((id) => prisma.user.findUnique({ where: { id } })));
}`,
      `export async function retry(urls: string[]) {
  for (const url of urls) {
    const res = await fetch(url);
    if (res.ok) return res;
  }
  throw new Error('all mirrors failed');
}`,
    ],
  },
  kinds: [ts.SyntaxKind.AwaitExpression],
  check(node, context) {
    if (!ts.isAwaitExpression(node)) return;
    const iteration = enclosingIterations(node)[0];
    if (!iteration || iteration.kind === 'callback' || !iteration.collection) return;
    // Recognition asks the checker for the receiver's type, the costly part: the loop's shape rules most awaits
    // out first. A recognized query's `node` is always the awaited call chain, so the syntax tests can run on it now.
    const awaited = skipOuter(node.expression);
    if (!ts.isCallExpression(awaited) && !ts.isTaggedTemplateExpression(awaited)) return;
    const loop = iteration.node as ts.IterationStatement;
    const collection = iteration.collection;
    const shape = loopShape(loop, collection);
    if (!shape || !referencesAny(awaited, shape.perElement) || referencesAny(awaited, shape.carried)) return;
    const query = recognizeQuery(node.expression, context.checker);
    if (!query || query.kind === 'in-process' || BULK.test(query.method)) return;
    const { loopVariables, collectionName } = shape;
    shape.sequence ??= runsSequence(loop.statement, loopVariables, shape.perElement, context);
    if (shape.sequence) return;

    const unit = ts.isForInStatement(loop) ? 'key' : 'element';
    const collectionText = collectionName ?? shortText(collection);
    const direct = looksUpElement(query, loopVariables, ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? undefined : collection);
    context.report({
      node: query.node,
      message: `${describeCall(query)} is awaited once per ${unit} of \`${collectionText}\`: N sequential ${destination(query)}. ` +
        batchedForm(query, !direct ? undefined : unit === 'key' ? `Object.keys(${collectionText})` : collectionText),
      related: [{ node: collection, message: `the loop runs once per ${unit} of \`${collectionText}\`` }],
      fixes: () => prismaHoist(node, query, loop, context),
    });
  },
};

interface LoopShape {
  /** Names the loop header binds (`id` in `for (const id of ids)`). */
  loopVariables: Set<string>;
  /** Names that differ from one element to the next. */
  perElement: Set<string>;
  /** Variables one turn hands to the next. */
  carried: Set<string>;
  collectionName: string | undefined;
  /** `runsSequence`, once one of the loop's awaits is a query. */
  sequence?: boolean;
}

const shapes = new NodeMemo<LoopShape | null>();

/**
 * What every await of one loop is judged against; null for a loop that is sequential by design (`for await`,
 * chunks, a few literal values, a condition fed by the body, a growing collection, an early exit, a pause).
 * Remembered per loop: it depends on the loop alone, and a loop may hold many awaits.
 */
function loopShape(loop: ts.IterationStatement, collection: ts.Expression): LoopShape | null {
  let shape = shapes.get(loop);
  if (shape !== undefined) return shape;
  shape = null;
  const collectionName = referenceText(collection);
  if (!(ts.isForOfStatement(loop) && loop.awaitModifier) && !(collectionName !== undefined && CHUNKED.test(collectionName.split('.').pop() ?? '')) &&
    !isTinyConstantArray(collection)) {
    const loopVariables = new Set<string>();
    if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && ts.isVariableDeclarationList(loop.initializer)) {
      namesDeclaredIn(loop.initializer, loopVariables);
    }
    const perTurn = namesDeclaredIn(loop.statement, new Set(loopVariables));
    const perElement = ts.isForStatement(loop) && loop.initializer ? namesDeclaredIn(loop.initializer, new Set(perTurn))
      : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? new Set([...perTurn, ...countersIn(loop.statement)]) : perTurn;
    const carried = carriedVariables(loop.statement, perTurn);
    const condition = ts.isForStatement(loop) ? loop.condition : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : undefined;
    if (!(condition && referencesAny(condition, carried)) && !growsIn(collection, loop.statement) && !leavesEarly(loop) &&
      !pausesBetweenTurns(loop.statement)) {
      shape = { loopVariables, perElement, carried, collectionName };
    }
  }
  shapes.set(loop, shape);
  return shape;
}

/**
 * The loop runs a sequence of steps rather than looking rows up: it awaits a statement that differs per element
 * (migrations, DDL per table) or an action of the element itself (`await migration.up()`, `await step.run()`).
 * Such loops are sequential by design, including their bookkeeping queries.
 */
function runsSequence(body: ts.Statement, loopVariables: ReadonlySet<string>, perElement: ReadonlySet<string>, context: RuleContext): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      const operand = skipOuter(node.expression);
      if (ts.isCallExpression(operand)) {
        let root: ts.Expression = skipOuter(operand.expression);
        while (ts.isPropertyAccessExpression(root)) root = skipOuter(root.expression);
        if (ts.isIdentifier(root) && loopVariables.has(root.text)) found = true;
      }
      const query = found ? undefined : recognizeQuery(node.expression, context.checker);
      if (query?.statement && statementVaries(query.statement, perElement)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** The statement itself differs per element (a list of migrations, DDL per table): there is no single statement to batch into. */
function statementVaries(statement: ts.Node, perElement: ReadonlySet<string>): boolean {
  const inner = ts.isExpression(statement) ? skipOuter(statement) : statement;
  if (ts.isStringLiteralLike(inner) || ts.isTaggedTemplateExpression(inner)) return false;
  if (ts.isTemplateExpression(inner)) {
    return NOT_BATCHABLE_SQL.test(inner.head.text) && inner.templateSpans.some((span) => referencesAny(span.expression, perElement));
  }
  if (ts.isObjectLiteralExpression(inner)) {
    const text = inner.properties.find((p) => p.name && ts.isIdentifier(p.name) && (p.name.text === 'text' || p.name.text === 'sql'));
    return text !== undefined && ts.isPropertyAssignment(text) && statementVaries(text.initializer, perElement);
  }
  return referencesAny(inner, perElement);
}

/**
 * `for (const id of ids) { const u = await prisma.user.findUnique({ where: { id } }); … }` →
 * one `findMany` before the loop, indexed by key, and a Map lookup in its place.
 */
function prismaHoist(node: ts.AwaitExpression, query: QueryCall, loop: ts.IterationStatement, context: RuleContext): Fix[] {
  if (query.client !== 'prisma' || query.node !== query.call || !query.receiver || !query.model) return [];
  if (!ts.isForOfStatement(loop) || !ts.isVariableDeclarationList(loop.initializer)) return [];
  const declarations = loop.initializer.declarations;
  if (declarations.length !== 1 || !ts.isIdentifier(declarations[0].name)) return [];
  const element = declarations[0].name.text;
  const lookup = prismaKeyLookup(query);
  if (!lookup || !ts.isIdentifier(lookup.value) || lookup.value.text !== element) return [];
  const unique = query.method === 'findUnique' || (query.method === 'findFirst' && lookup.key === 'id');
  if (!unique) return [];
  const collection = referenceText(loop.expression);
  if (collection === undefined || mayBeMutatedIn(collection, loop.statement)) return [];
  if (namesDeclaredIn(loop.statement).has(element) || carriedVariables(loop.statement, new Set()).has(element)) return [];
  const statement = enclosingStatement(loop);
  if (!statement || (statement !== loop && !ts.isLabeledStatement(statement))) return [];

  const sf = context.sourceFile;
  const rows = freshName(`${query.model}Rows`, sf);
  const byKey = freshName(`${query.model}By${lookup.key[0].toUpperCase()}${lookup.key.slice(1)}`, sf);
  const isJs = /\.[cm]?jsx?$/.test(sf.fileName);
  const extra = lookup.extra.map((p) => `, ${nodeText(p, sf)}`).join('');
  const replacement = `${byKey}.get(${element}) ?? null`;
  const parent = node.parent;
  const bare = ts.isVariableDeclaration(parent) || ts.isParenthesizedExpression(parent) || ts.isExpressionStatement(parent) ||
    ts.isReturnStatement(parent) || (ts.isCallExpression(parent) && parent.arguments.includes(node));
  return [{
    title: `Fetch every \`${query.model}\` of \`${collection}\` with one \`findMany\` before the loop`,
    safe: false,
    caveat: `runs one query before the loop even when \`${collection}\` is empty, reads all rows up front (writes made inside the loop are not seen), and fails as a whole instead of at one element`,
    edits: [
      insertLinesBefore(statement, sf, [
        `const ${rows} = await ${nodeText(query.receiver, sf)}.findMany({ where: { ${lookup.key}: { in: ${collection} } }${extra} });`,
        `const ${byKey} = new Map(${rows}.map((row) => [row.${lookup.key}, row]${isJs ? '' : ' as const'}));`,
      ]),
      replaceNode(node, sf, bare ? replacement : `(${replacement})`),
    ],
  }];
}

function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
