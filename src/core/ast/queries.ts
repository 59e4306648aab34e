import ts from './ts-api.ts';
import { classifyTypeNode, findDeclaration } from './collections.ts';
import { isFunctionLike, skipOuter } from './iteration.ts';
import { importedModules, packageOf } from './packages.ts';
import {
  PACKAGE_CLIENTS, KIND, THIS_CLIENTS, PRISMA_OPS, PRISMA_DISTINCTIVE, PRISMA_RAW, BUILDER_STARTS, TYPEORM_OPS,
  QB_TERMINALS, MODEL_OPS, REDIS_COMMANDS, REDIS_DISTINCTIVE, HTTP_METHODS, HTTP_FUNCTIONS, HTTP_RECEIVERS,
  SQL_RECEIVERS, DB_ROOTS, PRISMA_ROOTS, REDIS_RECEIVERS, PG_PROMISE_METHODS, SQLITE3_METHODS, KV_ROOTS, KV_METHODS,
  DENO_KV_METHODS, LEVEL_IMPORTS, COUCH_IMPORTS, SQL_TEXT, WRITE_NAME, BUILTIN_CONSTRUCTORS, isModelName,
  modelClient, looksLikeSql, isSqlText, isWriteSql, templateHead, isUrlLike, hasAny
} from './query-names.ts';
import type { WrapperFunction } from './query-wrappers.ts';
import { localFunction, memberFunction, readsThis, wrappedCall } from './query-wrappers.ts';

/** Which library a round trip goes through; decides the batched form a rule suggests. */
export type QueryClient =
  | 'prisma' | 'drizzle' | 'typeorm' | 'sequelize' | 'mongoose' | 'mongodb' | 'orm' | 'knex' | 'sql'
  | 'sqlite' | 'sqlite3' | 'level' | 'couchdb' | 'deno-kv' | 'kv' | 'redis' | 'http' | 'dataloader' | 'wrapper';
/**
 * Where the call goes: 'in-process' (better-sqlite3, synchronous) and 'loader' (DataLoader) are not one round trip
 * each; 'embedded' (node-sqlite3, LevelDB) has no network but runs each call as its own job on a worker thread.
 */
export type QueryKind = 'database' | 'cache' | 'http' | 'loader' | 'embedded' | 'in-process';

/** A call (`db.get(id)`, `` sql`…` ``), or a method passed by reference (`ids.map(db.get)`). */
export type QuerySite = ts.CallExpression | ts.TaggedTemplateExpression | ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.Identifier;

export interface QueryCall {
  /** The whole call chain (`User.findById(id).lean()`), what `await` waits for; for a reference, the reference. */
  node: QuerySite;
  /** The call that names the operation (`findById(id)`), or the reference (`User.findById`). */
  call: QuerySite;
  /** Passed by reference (`ids.map(db.get)`) rather than called: the caller supplies the arguments. */
  reference: boolean;
  /** The method reads `this` (a library class's method, or one of the program's own): passed unbound, it fails. */
  usesThis: boolean;
  client: QueryClient;
  kind: QueryKind;
  method: string;
  /** How a message names the call: `prisma.user.findUnique`. */
  label: string;
  write: boolean;
  /** The object the operation is called on (`prisma.user`), when there is one. */
  receiver?: ts.Expression;
  /** Prisma model delegate (`user`) or ORM model class (`User`). */
  model?: string;
  /** The client merges calls made in the same tick into one query (Prisma `findUnique`, DataLoader). */
  batchedInTick: boolean;
  /** The statement of a raw SQL call (`pool.query(sql, …)`). */
  statement?: ts.Expression;
  /** For a method of the program's own class: the round trip its body makes (`this.repo.findOneBy`). */
  via?: string;
}

type CallLike = ts.CallExpression | ts.TaggedTemplateExpression;
interface Token { name: string | undefined; node: ts.Expression; call?: CallLike }
/** Where the operation is named: its chain, the token naming it, and its arguments (undefined for a reference). */
interface Site { outer: QuerySite; tokens: Token[]; at: number; call: QuerySite; args: readonly ts.Expression[] | undefined }

/**
 * Whether `expr` (a call, or a call chain) is a database / ORM / cache / HTTP round trip, and through which client.
 * Types decide where they resolve to a known package; otherwise well-known names and call shapes do, and a
 * receiver bound to an in-memory structure (`new Map()`, a class of this program that stores values locally)
 * never counts.
 */
export function recognizeQuery(expr: ts.Expression, checker: ts.TypeChecker | undefined, depth = 0): QueryCall | undefined {
  const outer = skipOuter(expr);
  if (!ts.isCallExpression(outer) && !ts.isTaggedTemplateExpression(outer)) return undefined;
  const tokens = flatten(outer);
  const imports = importedModules(outer.getSourceFile());
  for (let at = 0; at < tokens.length; at++) {
    const call = tokens[at].call;
    if (!call) continue;
    const args = ts.isCallExpression(call) ? call.arguments : [];
    const found = recognizeAt({ outer, tokens, at, call, args }, checker, imports, depth);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether `expr`, a function passed by reference (`db.get` in `ids.map(db.get)`, `load` naming a local function),
 * makes a round trip each time it is called. The same recognition as calls, minus what only arguments can tell.
 */
export function recognizeReference(expr: ts.Expression, checker: ts.TypeChecker | undefined): QueryCall | undefined {
  const outer = skipOuter(expr);
  if (!ts.isIdentifier(outer) && !ts.isPropertyAccessExpression(outer) &&
    !(ts.isElementAccessExpression(outer) && ts.isStringLiteralLike(outer.argumentExpression))) return undefined;
  const tokens = flatten(outer);
  return recognizeAt({ outer, tokens, at: tokens.length - 1, call: outer, args: undefined }, checker, importedModules(outer.getSourceFile()), 0);
}

type Make = (client: QueryClient, method: string, extra?: Partial<QueryCall>) => QueryCall;

function recognizeAt(site: Site, checker: ts.TypeChecker | undefined, imports: ReadonlySet<string>, depth: number): QueryCall | undefined {
  const { tokens, at: first, call, args } = site;
  const rest = tokens.slice(first + 1);
  const reference = args === undefined;
  const make: Make = (client, method, extra = {}) => ({
    node: site.outer, call, reference, usesThis: false, client, kind: KIND[client], method, label: labelOf(call),
    write: WRITE_NAME.test(method), batchedInTick: false, ...extra,
  });

  if (first === 0) return rootCall(site, rest, checker, imports, make, depth);
  const method = tokens[first].name;
  if (!method) return undefined;
  if (ts.isTaggedTemplateExpression(call)) {
    return PRISMA_RAW.has(method) ? make('prisma', method, { write: method.startsWith('$execute') }) : undefined;
  }
  const callee = ts.isCallExpression(call) ? skipOuter(call.expression) : call;
  const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
  if (!receiver) return undefined;
  const owner = tokens[first - 1];
  const grand = first >= 2 && !tokens[first - 2].call ? tokens[first - 2] : undefined;

  const origin = originOf(receiver, checker);
  if (origin.kind === 'memory') return undefined;
  if (origin.kind === 'class' || origin.kind === 'object') {
    const member = memberFunction(origin.declaration, method);
    if (member === 'absent') {
      // `class Users extends Model {}`: an inherited method, so names decide; an object literal's missing member is nothing.
      if (origin.kind === 'object' || !origin.declaration.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)) return undefined;
    } else {
      return member && depth < 2 ? viaWrapper(member, site, checker, depth, make('wrapper', method, { receiver })) : undefined;
    }
  }
  const typed = origin.kind === 'package' ? origin.client : undefined;
  const foreign = origin.kind === 'unknown' && origin.pkg !== undefined;
  const is = (client: QueryClient) => typed === undefined || typed === client;
  const argList = args ?? [];
  const firstArg: ts.Expression | undefined = args?.[0];
  // `getRepository(User).findOne()`: the owner is a factory call's result, named by the factory.
  const ownerName = owner.call ? undefined : owner.name;
  const factory = owner.call ? owner.name : undefined;
  const chainNames = rest.map((t) => t.name);
  const classMethod = (client: QueryClient, extra: Partial<QueryCall> = {}) =>
    make(client, method, { receiver, usesThis: typed !== undefined && THIS_CLIENTS.has(client), ...extra });

  if (PRISMA_RAW.has(method) && is('prisma')) return make('prisma', method, { write: method.startsWith('$execute'), receiver });
  if (grand?.name === 'query' && (method === 'findFirst' || method === 'findMany') && is('drizzle') &&
    (typed === 'drizzle' || DB_ROOTS.test(tokens[first - 3]?.name ?? ''))) {
    return make('drizzle', method, { receiver, model: owner.name });
  }
  if (PRISMA_OPS.has(method) && grand && owner.name && /^[a-z]\w*$/.test(owner.name) && owner.name !== 'query' &&
    (typed === 'prisma' || (typed === undefined && (PRISMA_DISTINCTIVE.has(method) || PRISMA_ROOTS.test(grand.name ?? ''))))) {
    return make('prisma', method, {
      receiver, model: owner.name, batchedInTick: method === 'findUnique' || method === 'findUniqueOrThrow',
    });
  }
  if ((method === 'load' || method === 'loadMany') && (typed === 'dataloader' || (typed === undefined && /loader$/i.test(ownerName ?? '')))) {
    return classMethod('dataloader', { batchedInTick: true, write: false });
  }
  if (chainNames.some((n) => n && QB_TERMINALS.has(n)) && tokens.some((t) => t.name === 'createQueryBuilder') && is('typeorm')) {
    const terminal = [...rest].reverse().find((t) => t.name && QB_TERMINALS.has(t.name));
    return make('typeorm', terminal?.name ?? method, { receiver });
  }
  if ((method === 'query' || method === 'execute') && firstArg && (typed === 'sql' || typed === 'typeorm' || typed === 'knex' ||
    typed === 'drizzle' || typed === 'sequelize' || (typed === undefined && SQL_RECEIVERS.test(ownerName ?? '') && looksLikeSql(firstArg, ownerName)))) {
    return classMethod(typed === 'sql' || typed === undefined ? 'sql' : typed, { statement: firstArg, write: isWriteSql(firstArg) });
  }
  // pg-promise: `db.oneOrNone('SELECT …', [id])`.
  if (PG_PROMISE_METHODS.has(method) && firstArg && (typed === 'sql' || (typed === undefined && !foreign &&
    SQL_RECEIVERS.test(ownerName ?? '') && isSqlText(firstArg)))) {
    return classMethod('sql', { statement: firstArg, write: isWriteSql(firstArg) });
  }
  if (SQLITE3_METHODS.has(method)) {
    // node-sqlite3 and `sqlite` take the statement first (`db.get(sql, id)`); better-sqlite3 prepares it (`stmt.get(id)`).
    const prepared = tokens.some((t) => t.name === 'prepare');
    const asyncDriver = typed === 'sqlite3' || (typed === undefined && hasAny(imports, /^sqlite3?$/));
    if (firstArg && !prepared && (typed === 'sqlite3' || (typed === undefined && !foreign && KV_ROOTS.test(ownerName ?? '') && isSqlText(firstArg)))) {
      return classMethod('sqlite3', { statement: firstArg, write: isWriteSql(firstArg) || method === 'run' });
    }
    if (typed === 'sqlite' || (prepared && (typed === 'sqlite3' || typed === undefined))) {
      return make(asyncDriver ? 'sqlite3' : 'sqlite', method, { receiver, usesThis: asyncDriver });
    }
  }
  if (BUILDER_STARTS.has(method) && (typed === 'drizzle' || typed === 'knex' || (typed === undefined && DB_ROOTS.test(ownerName ?? '') &&
    (rest.length > 0 || method === 'raw' || method === 'insert' || method === 'delete')))) {
    const knexLike = typed === 'knex' || ownerName === 'knex' || ownerName === 'trx' || rest.concat(tokens[first]).some(
      (t) => t.call && ts.isCallExpression(t.call) && t.call.arguments.length > 0 && ts.isStringLiteralLike(t.call.arguments[0]));
    const write = method !== 'select' && method !== 'selectDistinct' && method !== 'from' && method !== 'with';
    return make(typed ?? (knexLike ? 'knex' : 'drizzle'), method, { receiver, write });
  }
  const typeormRepo = /(^repo|Repo|Repository|^repository)$/.test(ownerName ?? '') || /^(manager|entityManager|em)$/.test(ownerName ?? '') ||
    /^get\w*Repository$|^getManager$|^withRepository$/.test(factory ?? '');
  if (TYPEORM_OPS.has(method) && (typed === 'typeorm' || (typed === undefined && typeormRepo))) {
    return make('typeorm', method, { receiver, usesThis: true });
  }
  if (MODEL_OPS.has(method) && typed === undefined && (factory === 'collection' || factory === 'model')) {
    return make(factory === 'collection' ? 'mongodb' : 'mongoose', method, { receiver, usesThis: true });
  }
  if (MODEL_OPS.has(method) && ownerName && (typed === 'sequelize' || typed === 'mongoose' || typed === 'typeorm' ||
    typed === 'mongodb' || (typed === undefined && isModelName(ownerName)))) {
    const client = typed ?? modelClient(method, ownerName, imports);
    // Model statics (`User.findById`) read `this`; so do typed models and collections.
    return make(client, method, { receiver, model: ownerName, usesThis: typed !== undefined || /^[A-Z]/.test(ownerName) });
  }
  // `db.users.findById(id)`, `db.user.findOne({ where })`: a model or collection hung off a database root.
  // A function argument means an array method (`db.items.find((x) => …)`), not a query.
  if (MODEL_OPS.has(method) && typed === undefined && ownerName && grand?.name && DB_ROOTS.test(grand.name) &&
    !argList.some((arg) => ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) {
    return make(modelClient(method, ownerName, imports), method, { receiver, model: ownerName });
  }
  const store = keyValueStore(method, ownerName, typed, foreign, args, rest, imports);
  if (store) return classMethod(store, { write: method !== 'get' });
  if (typed === 'redis' || (typed === undefined && REDIS_COMMANDS.has(method.toLowerCase()) && (REDIS_RECEIVERS.test(ownerName ?? '') ||
    (REDIS_DISTINCTIVE.test(method.toLowerCase()) && /^(client|conn|connection)$/.test(ownerName ?? '')) ||
    (ownerName === 'client' && hasAny(imports, /^(ioredis|redis|@redis\/client|@upstash\/redis)$/) && !isUrlLike(firstArg))))) {
    return REDIS_COMMANDS.has(method.toLowerCase()) ? classMethod('redis') : undefined;
  }
  if (HTTP_METHODS.has(method) && (typed === 'http' || (typed === undefined && HTTP_RECEIVERS.test(ownerName ?? '') &&
    (/^(axios|got|ky|superagent)$/.test(ownerName ?? '') || isUrlLike(firstArg))))) {
    return make('http', method, { receiver });
  }
  return undefined;
}

/**
 * `db.get(key)`, `db.put(key, value)`, `db.del(key)` on a key-value or document store (LevelDB, PouchDB, nano), and
 * Deno KV's `kv.get(['users', id])` (its keys are arrays). Not `map.get`, `headers.get`, `app.get('/path', handler)`
 * (a route), nor a chain that goes on (`db.get('posts').find(…)`, lowdb's in-memory chain).
 */
function keyValueStore(method: string, owner: string | undefined, typed: QueryClient | undefined, foreign: boolean,
  args: readonly ts.Expression[] | undefined, rest: Token[], imports: ReadonlySet<string>): QueryClient | undefined {
  if (rest.some((t) => t.name !== 'then' && t.name !== 'catch' && t.name !== 'finally') ||
    args?.some((arg) => ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) return undefined;
  const key = args?.[0] && skipOuter(args[0]);
  // A second argument of `get` is options (`{ valueEncoding }`); `db.get('store', key)` is IndexedDB's idb, one transaction each.
  if (args && (!key || (method === 'get' && (args.length > 2 || (args.length === 2 && !ts.isObjectLiteralExpression(skipOuter(args[1]))))) ||
    (method === 'put' && args.length < 2))) return undefined;
  if (typed === 'level' || typed === 'couchdb') return KV_METHODS.has(method) || method === 'remove' ? typed : undefined;
  if (typed !== undefined || foreign || !owner) return undefined;
  if (DENO_KV_METHODS.has(method) && key && ts.isArrayLiteralExpression(key) && (/kv$/i.test(owner) || KV_ROOTS.test(owner))) return 'deno-kv';
  if (!KV_METHODS.has(method) || !KV_ROOTS.test(owner) || (key && (ts.isArrayLiteralExpression(key) || isUrlLike(key)))) return undefined;
  if (hasAny(imports, LEVEL_IMPORTS)) return 'level';
  return hasAny(imports, COUCH_IMPORTS) ? 'couchdb' : 'kv';
}

function rootCall(site: Site, rest: Token[], checker: ts.TypeChecker | undefined, imports: ReadonlySet<string>, make: Make,
  depth: number): QueryCall | undefined {
  const root = site.tokens[0];
  const call = site.call;
  const name = root.name;
  if (!name) return undefined;
  if (ts.isTaggedTemplateExpression(call)) {
    return name === 'sql' && SQL_TEXT.test(templateHead(call.template)) ? make('sql', 'sql', { statement: call.template, write: isWriteSql(call.template) }) : undefined;
  }
  // Global `fetch` is declared in TypeScript's DOM lib or @types/node: its name decides, unless the program binds its own.
  if (HTTP_FUNCTIONS.has(name)) return declaredLocally(root.node) ? undefined : make('http', name);
  // `load(id)` where `load` is a function of this file whose body makes a round trip.
  const local = ts.isIdentifier(root.node) ? localFunction(root.node, checker) : undefined;
  if (local) return depth < 2 ? viaWrapper(local, site, checker, depth, make('wrapper', name)) : undefined;
  const origin = originOf(root.node, checker);
  if (origin.kind !== 'package' && origin.kind !== 'unknown') return undefined;
  const typed = origin.kind === 'package' ? origin.client : undefined;
  if (name === 'request' && (typed === 'http' || imports.has('undici'))) return make('http', name);
  if (ts.isCallExpression(call) && (typed === 'knex' || (typed === undefined && /^(knex|db|trx)$/.test(name))) &&
    call.arguments.length > 0 && ts.isStringLiteralLike(call.arguments[0])) {
    const names = rest.map((t) => t.name ?? '');
    return make('knex', names.find((n) => n && n !== 'where') ?? 'select', {
      label: call.getText().replace(/\s+/g, ' ').slice(0, 60),
      write: names.some((n) => /^(insert|update|del|delete|upsert|increment|decrement)$/.test(n)),
    });
  }
  return undefined;
}

/** `a.b.c(x).d()` as [a, b, c(x), d()]: each token names a step and, for calls, the call. */
function flatten(outer: QuerySite): Token[] {
  const tokens: Token[] = [];
  let current: ts.Expression = outer;
  let pendingCall: CallLike | undefined;
  for (;;) {
    current = skipOuter(current);
    if (ts.isCallExpression(current) || ts.isTaggedTemplateExpression(current)) {
      if (pendingCall) tokens.unshift({ name: undefined, node: current, call: pendingCall });
      pendingCall = current;
      current = ts.isCallExpression(current) ? current.expression : current.tag;
      continue;
    }
    let name: string | undefined;
    let next: ts.Expression | undefined;
    if (ts.isPropertyAccessExpression(current)) [name, next] = [current.name.text, current.expression];
    else if (ts.isElementAccessExpression(current)) {
      name = ts.isStringLiteralLike(current.argumentExpression) ? current.argumentExpression.text : undefined;
      next = current.expression;
    } else if (ts.isIdentifier(current)) name = current.text;
    else if (current.kind === ts.SyntaxKind.ThisKeyword) name = 'this';
    tokens.unshift({ name, node: current, call: pendingCall });
    pendingCall = undefined;
    if (!next) return tokens;
    current = next;
  }
}

function labelOf(site: QuerySite): string {
  const callee = ts.isCallExpression(site) ? site.expression : ts.isTaggedTemplateExpression(site) ? site.tag : site;
  const text = callee.getText().replace(/\s+/g, '');
  return text.length > 60 ? `…${text.slice(-59)}` : text;
}

type Origin =
  | { kind: 'package'; client: QueryClient }
  | { kind: 'memory' }
  | { kind: 'class'; declaration: ts.ClassLikeDeclaration }
  | { kind: 'object'; declaration: ts.ObjectLiteralExpression }
  /** `pkg`: declared by a package that is no known client (lowdb, keyv…): its generic names (`get`) are not round trips. */
  | { kind: 'unknown'; pkg?: string };

/** Where the value of `receiver` comes from: a known package, an in-memory structure, a class or object of this program, or unknown. */
function originOf(receiver: ts.Expression, checker: ts.TypeChecker | undefined): Origin {
  let fromType: Origin = { kind: 'unknown' };
  if (checker) {
    fromType = originOfType(checker.getTypeAtLocation(receiver));
    if (fromType.kind !== 'unknown') return fromType;
  }
  const inner = skipOuter(receiver);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) {
    // `this.load(id)` inside a method: the class around it (arrow functions keep the method's `this`).
    const owner = ts.findAncestor(inner.parent, (n) => isFunctionLike(n) && !ts.isArrowFunction(n));
    return owner && ts.isClassLike(owner.parent) && !ts.isFunctionDeclaration(owner) && !ts.isFunctionExpression(owner)
      ? { kind: 'class', declaration: owner.parent } : fromType;
  }
  if (ts.isIdentifier(inner) || (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword)) {
    const declaration = findDeclaration(inner);
    if (declaration?.type && ['array', 'set', 'map', 'string'].includes(classifyTypeNode(declaration.type))) return { kind: 'memory' };
    // `store: LocalCache` or `= new LocalCache()`: a class this file declares.
    const typeName = declaration?.type && ts.isTypeReferenceNode(declaration.type) && ts.isIdentifier(declaration.type.typeName)
      ? declaration.type.typeName.text : undefined;
    const value = declaration?.initializer && skipOuter(declaration.initializer);
    if (value && ts.isObjectLiteralExpression(value)) return { kind: 'object', declaration: value };
    if (value && ts.isArrayLiteralExpression(value)) return { kind: 'memory' };
    const constructed = value && ts.isNewExpression(value) && ts.isIdentifier(value.expression) ? value.expression.text : undefined;
    if (constructed && BUILTIN_CONSTRUCTORS.has(constructed)) return { kind: 'memory' };
    const className = typeName ?? constructed;
    const cls = className === undefined ? undefined : inner.getSourceFile().statements.find(
      (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
    if (cls) return { kind: 'class', declaration: cls };
  }
  return fromType;
}

function originOfType(type: ts.Type): Origin {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'unknown' };
  const parts = type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [type];
  let foreign: string | undefined;
  for (const part of parts) {
    const symbol = part.aliasSymbol ?? part.getSymbol();
    for (const declaration of symbol?.getDeclarations() ?? []) {
      const pkg = packageOf(declaration);
      if (pkg === 'lib') return { kind: 'memory' };
      if (pkg !== undefined) {
        const client = PACKAGE_CLIENTS.find(([pattern]) => pattern.test(pkg))?.[1];
        if (client) return { kind: 'package', client };
        foreign ??= pkg;
        continue;
      }
      if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) return { kind: 'class', declaration };
    }
  }
  return { kind: 'unknown', pkg: foreign };
}

/**
 * A function of this program (a class or object method, a local function) is a round trip when its body makes one
 * that depends on what it is given. A statement taken from a parameter (`run(sql)`) becomes the caller's argument,
 * so a loop running different statements is still seen as one; passed by reference, such a wrapper runs whatever
 * the elements are and is not a lookup.
 */
function viaWrapper(fn: WrapperFunction, site: Site, checker: ts.TypeChecker | undefined, depth: number, result: QueryCall): QueryCall | undefined {
  const wrapped = wrappedCall(fn, (node) => {
    const found = recognizeQuery(node, checker, depth + 1);
    return found && found.kind !== 'in-process' ? found : undefined;
  }, depth === 0);
  if (!wrapped) return undefined;
  const { inner, statementParameter } = wrapped;
  if (statementParameter !== undefined && site.args === undefined) return undefined;
  const statement = statementParameter === undefined ? undefined : site.args?.[statementParameter];
  return {
    ...result, kind: inner.kind, write: inner.write || result.write, batchedInTick: inner.batchedInTick, via: inner.via ?? inner.label,
    statement, usesThis: ts.isMethodDeclaration(fn) && readsThis(fn),
  };
}

/** Bound to a function or value of this file (not an import, `require` or ambient declaration): the program's own `fetch`. */
function declaredLocally(node: ts.Expression): boolean {
  if (!ts.isIdentifier(node)) return false;
  const init = findDeclaration(node)?.initializer;
  if (init) {
    const value = skipOuter(init);
    return ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isObjectLiteralExpression(value);
  }
  return node.getSourceFile().statements.some((s) => ts.isFunctionDeclaration(s) && s.name?.text === node.text && s.body !== undefined);
}
