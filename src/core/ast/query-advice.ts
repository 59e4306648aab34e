import ts from './ts-api.ts';
import { referenceText } from './collections.ts';
import { skipOuter } from './iteration.ts';
import type { QueryCall } from './queries.ts';

/** `{ where: { id } }` / `{ where: { email: email }, include: … }`: the single key a Prisma call looks a row up by. */
export interface PrismaKeyLookup {
  key: string;
  /** The value the key is compared with (`id` in `{ where: { id } }`). */
  value: ts.Expression;
  /** Other top-level options (`include`), kept verbatim by a batched rewrite. */
  extra: ts.ObjectLiteralElementLike[];
}

/** The key a Prisma `findUnique` / `findFirst` call looks up, when its where clause is exactly `{ key: value }`. */
export function prismaKeyLookup(query: QueryCall): PrismaKeyLookup | undefined {
  if (query.client !== 'prisma' || !ts.isCallExpression(query.call) || query.call.arguments.length !== 1) return undefined;
  const options = skipOuter(query.call.arguments[0]);
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  let where: ts.ObjectLiteralExpression | undefined;
  const extra: ts.ObjectLiteralElementLike[] = [];
  for (const property of options.properties) {
    const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
    if (name === 'where' && ts.isPropertyAssignment(property) && ts.isObjectLiteralExpression(skipOuter(property.initializer))) {
      where = skipOuter(property.initializer) as ts.ObjectLiteralExpression;
    } else if (name === 'include' && (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) {
      extra.push(property);
    } else {
      return undefined;
    }
  }
  if (!where || where.properties.length !== 1) return undefined;
  const only = where.properties[0];
  if (ts.isShorthandPropertyAssignment(only)) return { key: only.name.text, value: only.name, extra };
  if (ts.isPropertyAssignment(only) && ts.isIdentifier(only.name)) {
    const value = skipOuter(only.initializer);
    // `{ id: { equals: x } }`, `{ id: { in: xs } }` and other filters are not one key lookup.
    return ts.isObjectLiteralExpression(value) ? undefined : { key: only.name.text, value, extra };
  }
  return undefined;
}

/** Whether the call looks the element itself up (`findById(id)`, `[id]`, `{ where: { id } }`), so the batched form takes the whole collection. */
export function looksUpElement(query: QueryCall, loopVariables: ReadonlySet<string>, indexed: ts.Expression | undefined): boolean {
  if (!ts.isCallExpression(query.call)) return false;
  let found = false;
  const isElement = (expr: ts.Expression): boolean => {
    const inner = skipOuter(expr);
    if (ts.isIdentifier(inner)) return loopVariables.has(inner.text);
    // `ids[i]` in `for (let i = 0; i < ids.length; i++)`
    return indexed !== undefined && ts.isElementAccessExpression(inner) && referenceText(inner.expression) === referenceText(indexed);
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isShorthandPropertyAssignment(node)) found = loopVariables.has(node.name.text);
    else if (ts.isPropertyAssignment(node)) found = isElement(node.initializer);
    else if (ts.isArrayLiteralExpression(node)) found = node.elements.some(isElement);
    if (!found && (ts.isObjectLiteralExpression(node) || ts.isArrayLiteralExpression(node) || ts.isPropertyAssignment(node))) {
      ts.forEachChild(node, visit);
    }
  };
  for (const arg of query.call.arguments) {
    if (isElement(arg)) return true;
    visit(skipOuter(arg));
  }
  return found;
}

/**
 * What to do instead of one call per element, for the client at hand. `keys` names the collection of keys
 * (`orderIds`) when the call looks each element up directly, otherwise undefined.
 */
export function batchedForm(query: QueryCall, keys: string | undefined): string {
  const list = keys ?? '…';
  const m = query.method;
  const read = !query.write;
  switch (query.client) {
    case 'prisma': {
      const lookup = prismaKeyLookup(query);
      const key = lookup?.key ?? 'id';
      if (m.startsWith('$')) return 'Send one statement over the whole list (`= ANY(…)` / `IN (…)`).';
      if (m === 'count') return 'Count them in one query with `groupBy({ by: […], _count: true })`.';
      if (m === 'create') return 'Insert them in one statement with `createMany({ data: […] })`.';
      if (m === 'delete' || m === 'deleteMany') return `Delete them in one statement with \`deleteMany({ where: { ${key}: { in: ${list} } } })\`.`;
      if (query.write) return 'Use one `updateMany` with an `in` filter when the rows get the same data; otherwise send them concurrently with bounded concurrency.';
      if (lookup && keys) {
        const grouped = m === 'findMany' ? `, then group the rows by \`${key}\`` : '';
        return `Fetch them in one query with \`findMany({ where: { ${key}: { in: ${list} } } })\`${grouped}.`;
      }
      return `Fetch them in one query with \`findMany\` and an \`in\` filter${lookup ? ` on \`${key}\`` : ''}, then group the rows in memory.`;
    }
    case 'drizzle':
      if (m === 'insert') return 'Insert them in one statement: `insert(table).values([...rows])`.';
      return read ? `Fetch them in one query with \`inArray(column, ${list})\`.` : `Use one statement with \`inArray(column, ${list})\`.`;
    case 'typeorm':
      if (m === 'save' || m === 'insert') return `Pass them all to one \`${m}([...])\`.`;
      if (m === 'delete' || m === 'remove' || m === 'softDelete') return `Pass all ids to one \`${m}\` (\`In(${list})\`).`;
      return read ? `Fetch them in one query with \`findBy({ id: In(${list}) })\`.` : 'Express them as one statement (`WHERE id IN (…)`), or send them concurrently with bounded concurrency.';
    case 'sequelize':
      if (m === 'create') return 'Insert them in one statement with `bulkCreate([...])`.';
      if (m === 'destroy') return `Delete them in one statement with \`destroy({ where: { id: ${list} } })\`.`;
      return read ? `Fetch them in one query with \`findAll({ where: { id: ${list} } })\` (an array means \`IN\`).` : 'Express them as one `update` with an array filter, or send them concurrently with bounded concurrency.';
    case 'mongoose':
    case 'mongodb':
      if (m === 'create' || m === 'insertOne' || m === 'save') return 'Insert them in one round trip with `insertMany([...])`.';
      if (query.write) return 'Send them in one round trip with `bulkWrite([...])`.';
      {
        const key = m === 'findById' ? '_id' : filterKey(query);
        return key ? `Fetch them in one query with \`find({ ${key}: { $in: ${keys ?? '[…]'} } })\`.` : 'Fetch them in one query with `find` and an `$in` filter.';
      }
    case 'orm':
      return read ? 'Fetch them in one query filtered on all the keys (`IN` / `$in`).' : 'Send them as one bulk operation.';
    case 'knex':
      if (query.write && /insert/.test(query.label + m)) return 'Insert them in one statement: `insert([...rows])`.';
      return `Use one query with \`whereIn(column, ${list})\`.`;
    case 'sql':
      if (/^\s*insert\b/i.test(statementText(query))) return 'Insert them in one multi-row `INSERT … VALUES` statement.';
      return `Send one statement for the whole list: \`WHERE id = ANY($1)\` (PostgreSQL) or \`WHERE id IN (?)\` (MySQL) with ${keys ? `\`${keys}\`` : 'all the keys'} as the parameter.`;
    case 'redis':
      if (m.toLowerCase() === 'get') return 'Read them in one round trip with `mget`.';
      if (m.toLowerCase() === 'set') return 'Write them in one round trip with `mset` or a pipeline.';
      return 'Send them in one round trip with a pipeline (`pipeline()` … `exec()`).';
    case 'dataloader':
      return `Call \`loadMany(${list})\` (or \`Promise.all\` the \`load\` calls) so DataLoader can merge them into one batch.`;
    case 'http':
      return 'Start the requests together with `Promise.all` and bounded concurrency (e.g. `p-limit`), or use a batch endpoint if the API has one.';
    case 'wrapper':
      return 'Give it a variant that takes every key at once and queries them together.';
    case 'sqlite':
      return 'Run them in one statement.';
    case 'sqlite3':
      if (query.write) return 'Run them in one transaction (`BEGIN` … `COMMIT`), or as one multi-row statement.';
      return `Send one statement for the whole list: \`WHERE id IN (…)\` with one placeholder per key${keys ? ` of \`${keys}\`` : ''}.`;
    case 'level':
      return read ? `Read them in one call with \`getMany(${keys ?? 'keys'})\`.` : 'Write them in one `batch([...])`.';
    case 'couchdb':
      return read ? `Fetch them in one request: \`allDocs({ ${keys === undefined || keys === 'keys' ? 'keys' : `keys: ${keys}`}, include_docs: true })\` (PouchDB) or \`fetch({ keys })\` (nano).`
        : 'Write them in one request: `bulkDocs([...])` (PouchDB) or `bulk({ docs })` (nano).';
    case 'deno-kv':
      return read ? 'Read them with `kv.getMany([...])` (up to 10 keys a call).' : 'Group them into one `kv.atomic()` operation.';
    case 'kv':
      return read ? 'Read them in one call if the store has a multi-get (`getMany`, `mget`, `allDocs`).'
        : 'Write them in one batch if the store has one (`batch`, `bulkDocs`).';
  }
}

/** How a message names the cost of running the calls concurrently (`Promise.all`): still one call each. */
export function parallelCost(query: QueryCall): string {
  if (query.kind === 'cache') return 'cache server, even in parallel, each a separate command';
  if (query.kind === 'embedded') return 'embedded database, even in parallel, each a separate job on its worker thread';
  if (query.client === 'kv' || query.client === 'deno-kv' || query.client === 'couchdb') return 'store, even in parallel, each a separate request';
  return 'database, even in parallel, each holding a pooled connection';
}

/** `sku` in `findOne({ sku })` or `findOne({ where: { sku } })`: the one field a call filters on. */
function filterKey(query: QueryCall): string | undefined {
  if (!ts.isCallExpression(query.call) || query.call.arguments.length === 0) return undefined;
  let filter = skipOuter(query.call.arguments[0]);
  for (let depth = 0; depth < 2 && ts.isObjectLiteralExpression(filter); depth++) {
    if (filter.properties.length !== 1) return undefined;
    const only = filter.properties[0];
    const name = only.name && (ts.isIdentifier(only.name) || ts.isStringLiteral(only.name)) ? only.name.text : undefined;
    if (name !== 'where') return name;
    if (!ts.isPropertyAssignment(only)) return undefined;
    filter = skipOuter(only.initializer);
  }
  return undefined;
}

function statementText(query: QueryCall): string {
  const statement = query.statement && (ts.isExpression(query.statement) ? skipOuter(query.statement) : query.statement);
  if (!statement) return '';
  if (ts.isStringLiteralLike(statement)) return statement.text;
  return ts.isTemplateExpression(statement) ? statement.head.text : '';
}

/** How a message names the call: `` `repo.findOneBy` ``, or `` `users.byId` (which calls `repo.findOneBy`) `` for a wrapper. */
export function describeCall(query: QueryCall): string {
  return query.via ? `\`${query.label}\` (which calls \`${query.via}\`)` : `\`${query.label}\``;
}

/**
 * The second problem of a method passed by reference: it runs without its object. Said only where the method is
 * known to read `this` (a library class's prototype method, or a method of the program's own class that does).
 */
export function unboundNote(query: QueryCall, element: string): string {
  if (!query.reference || !query.usesThis || !ts.isPropertyAccessExpression(query.call)) return '';
  return ` Passed as \`${query.label}\`, the method also loses its object: \`this\` is undefined inside it and the call fails — ` +
    `pass \`(${element}) => ${query.label}(${element})\` instead.`;
}

/** How a message names where the round trip goes. */
export function destination(query: QueryCall): string {
  switch (query.kind) {
    case 'cache': return 'round trips to the cache server';
    case 'http': return 'HTTP requests, each waiting for the previous one';
    case 'loader': return 'batches: each `load` waits for the previous one, so DataLoader cannot merge them';
    case 'embedded': return 'calls into the embedded database, each a separate job on its worker thread';
    default: return query.client === 'kv' ? 'calls to the store, each waiting for the previous one' : 'round trips to the database';
  }
}
