import ts from 'typescript';
import { classifyTypeNode, findDeclaration } from './collections.ts';
import { skipOuter } from './iteration.ts';
import { importedModules, packageOf } from './packages.ts';

/** Which library a round trip goes through; decides the batched form a rule suggests. */
export type QueryClient =
  | 'prisma' | 'drizzle' | 'typeorm' | 'sequelize' | 'mongoose' | 'mongodb' | 'orm' | 'knex' | 'sql'
  | 'sqlite' | 'redis' | 'http' | 'dataloader' | 'wrapper';
/** Where the call goes: 'in-process' (SQLite) and 'loader' (DataLoader) are not one round trip each. */
export type QueryKind = 'database' | 'cache' | 'http' | 'loader' | 'in-process';

export interface QueryCall {
  /** The whole call chain (`User.findById(id).lean()`), what `await` waits for. */
  node: ts.CallExpression | ts.TaggedTemplateExpression;
  /** The call that names the operation (`findById(id)`). */
  call: ts.CallExpression | ts.TaggedTemplateExpression;
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

const PACKAGE_CLIENTS: [RegExp, QueryClient][] = [
  [/^(@prisma\/client|\.prisma|prisma)$/, 'prisma'], [/^drizzle-orm$/, 'drizzle'], [/^typeorm$/, 'typeorm'],
  [/^sequelize(-typescript)?$/, 'sequelize'], [/^mongoose$/, 'mongoose'], [/^mongodb$/, 'mongodb'], [/^knex$/, 'knex'],
  [/^(pg|pg-pool|postgres|mysql2?|@neondatabase\/serverless|@vercel\/postgres|@planetscale\/database)$/, 'sql'],
  [/^(better-sqlite3|sqlite3?|bun:sqlite)$/, 'sqlite'], [/^(ioredis|redis|@redis\/client|@upstash\/redis)$/, 'redis'],
  [/^(axios|undici|undici-types|got|ky|node-fetch|cross-fetch|ofetch|superagent)$/, 'http'], [/^dataloader$/, 'dataloader'],
];
const KIND: Record<QueryClient, QueryKind> = {
  prisma: 'database', drizzle: 'database', typeorm: 'database', sequelize: 'database', mongoose: 'database',
  mongodb: 'database', orm: 'database', knex: 'database', sql: 'database', sqlite: 'in-process', redis: 'cache',
  http: 'http', dataloader: 'loader', wrapper: 'database',
};

const PRISMA_OPS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'create',
  'createMany', 'createManyAndReturn', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate', 'groupBy']);
const PRISMA_DISTINCTIVE = new Set(['findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'createManyAndReturn', 'groupBy']);
const PRISMA_RAW = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']);
const BUILDER_STARTS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'from', 'raw', 'with']);
const TYPEORM_OPS = new Set(['findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'find', 'findBy', 'findAndCount',
  'findAndCountBy', 'findByIds', 'save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'count', 'countBy',
  'exist', 'exists', 'existsBy', 'query', 'increment', 'decrement', 'sum', 'average', 'minimum', 'maximum', 'preload']);
const QB_TERMINALS = new Set(['getOne', 'getMany', 'getRawOne', 'getRawMany', 'getCount', 'getManyAndCount', 'getOneOrFail',
  'getExists', 'execute']);
const MODEL_OPS = new Set(['findByPk', 'findOne', 'findAll', 'findAndCountAll', 'findOrCreate', 'create', 'bulkCreate',
  'update', 'destroy', 'count', 'upsert', 'findById', 'find', 'findByIdAndUpdate', 'findByIdAndDelete', 'findOneAndUpdate',
  'findOneAndDelete', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'exists', 'insertMany',
  'aggregate', 'distinct', 'replaceOne', 'findOneBy', 'findBy', 'save', 'insertOne', 'findOneAndReplace', 'bulkWrite']);
const SEQUELIZE_ONLY = new Set(['findByPk', 'findAll', 'findAndCountAll', 'findOrCreate', 'bulkCreate', 'destroy']);
const MONGOOSE_ONLY = new Set(['findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'findOneAndUpdate', 'findOneAndDelete',
  'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'insertMany', 'replaceOne', 'insertOne', 'bulkWrite']);
const NOT_MODELS = new Set(['Object', 'Array', 'Promise', 'Math', 'JSON', 'Reflect', 'Date', 'Number', 'String', 'Map', 'Set',
  'Buffer', 'URL', 'Intl', 'Symbol', 'BigInt', 'Atomics', 'Proxy', 'WeakMap', 'WeakSet', 'Error', 'Iterator']);
const REDIS_COMMANDS = new Set(['get', 'set', 'getdel', 'getex', 'setex', 'setnx', 'psetex', 'mget', 'mset', 'del', 'unlink',
  'exists', 'expire', 'pexpire', 'ttl', 'pttl', 'incr', 'incrby', 'decr', 'decrby', 'hget', 'hset', 'hsetnx', 'hmget', 'hmset',
  'hgetall', 'hdel', 'hexists', 'hincrby', 'hkeys', 'hvals', 'hlen', 'sadd', 'srem', 'smembers', 'sismember', 'smismember',
  'scard', 'zadd', 'zrem', 'zscore', 'zrange', 'zrangebyscore', 'zrank', 'zcard', 'zincrby', 'lpush', 'rpush', 'lpop', 'rpop',
  'lrange', 'llen', 'lindex', 'publish', 'xadd', 'json.get', 'json.set']);
/** Commands no in-memory cache or HTTP client shares, so a generic receiver (`client`) is enough. */
const REDIS_DISTINCTIVE = /^(h(get|set|mget|getall|del|incrby|exists|keys|vals|len|setnx)|s(add|rem|members|ismember|mismember|card)|z(add|rem|score|range|rangebyscore|rank|card|incrby)|[lr](push|pop|range|len|index)|mget|mset|setex|setnx|incrby|decrby|pexpire|pttl|xadd)$/;
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
const HTTP_FUNCTIONS = new Set(['fetch', '$fetch', 'ofetch', 'axios', 'got', 'ky', 'superagent']);
const HTTP_RECEIVERS = /^(axios|got|ky|superagent|api|http|httpClient|apiClient|client|instance|fetcher|\w+Api|\w+ApiClient|\w+HttpClient)$/;
const SQL_RECEIVERS = /^(pool|client|db|conn|connection|database|pg|pgPool|mysql|tx|trx|sequelize|dataSource|\w+DataSource|manager|entityManager|em|queryRunner|\w+Pool|\w+Db|\w+Connection)$/;
const DB_ROOTS = /^(db|database|tx|trx|knex|drizzle|\w+Db)$/;
const PRISMA_ROOTS = /prisma|^(db|tx|client|database)$/i;
const REDIS_RECEIVERS = /redis|^(cache|kv|valkey|upstash|cacheClient)$/i;
const SQL_TEXT = /^\s*(select|insert|update|delete|with|replace|merge|upsert|call)\b/i;
const WRITE_NAME = /^(create|insert|update|upsert|delete|destroy|remove|save|softDelete|restore|replace|bulk|increment|decrement|set|hset|hmset|hsetnx|mset|del|unlink|incr|decr|hincrby|hdel|sadd|srem|zadd|zrem|zincrby|lpush|rpush|lpop|rpop|expire|pexpire|publish|xadd|post|put|patch|run|\$executeRaw)/i;
const BUILTIN_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'URLSearchParams', 'Headers', 'FormData', 'Array',
  'Object', 'LRUCache', 'LruCache', 'NodeCache', 'QuickLRU']);

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
    if (!tokens[at].call) continue;
    const found = recognizeAt(outer, tokens, at, checker, imports, depth);
    if (found) return found;
  }
  return undefined;
}

type Make = (client: QueryClient, call: CallLike, method: string, extra?: Partial<QueryCall>) => QueryCall;

function recognizeAt(outer: CallLike, tokens: Token[], first: number, checker: ts.TypeChecker | undefined,
  imports: ReadonlySet<string>, depth: number): QueryCall | undefined {
  const rest = tokens.slice(first + 1);
  const make: Make = (client, call, method, extra = {}) => ({
    node: outer, call, client, kind: KIND[client], method, label: labelOf(call), write: WRITE_NAME.test(method),
    batchedInTick: false, ...extra,
  });

  if (first === 0) return rootCall(tokens, rest, checker, imports, make);
  const op = tokens[first];
  const method = op.name;
  const call = op.call;
  if (!method || !call || !ts.isCallExpression(call)) {
    return method && call && ts.isTaggedTemplateExpression(call) && PRISMA_RAW.has(method)
      ? make('prisma', call, method, { write: method.startsWith('$execute') }) : undefined;
  }
  const callee = skipOuter(call.expression);
  const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
  if (!receiver) return undefined;
  const owner = tokens[first - 1];
  const grand = first >= 2 && !tokens[first - 2].call ? tokens[first - 2] : undefined;

  const origin = originOf(receiver, checker);
  if (origin.kind === 'memory') return undefined;
  if (origin.kind === 'class') {
    const wrapped = depth < 2 ? viaWrapper(origin, method, checker, depth, make('wrapper', call, method, { receiver })) : undefined;
    if (wrapped !== 'inherited') return wrapped;
  }
  const typed = origin.kind === 'package' ? origin.client : undefined;
  const is = (client: QueryClient) => typed === undefined || typed === client;
  const args = call.arguments;
  // `getRepository(User).findOne()`: the owner is a factory call's result, named by the factory.
  const ownerName = owner.call ? undefined : owner.name;
  const factory = owner.call ? owner.name : undefined;
  const chainNames = rest.map((t) => t.name);

  if (PRISMA_RAW.has(method) && is('prisma')) return make('prisma', call, method, { write: method.startsWith('$execute'), receiver });
  if (grand?.name === 'query' && (method === 'findFirst' || method === 'findMany') && is('drizzle') &&
    (typed === 'drizzle' || DB_ROOTS.test(tokens[first - 3]?.name ?? ''))) {
    return make('drizzle', call, method, { receiver, model: owner.name });
  }
  if (PRISMA_OPS.has(method) && grand && owner.name && /^[a-z]\w*$/.test(owner.name) && owner.name !== 'query' &&
    (typed === 'prisma' || (typed === undefined && (PRISMA_DISTINCTIVE.has(method) || PRISMA_ROOTS.test(grand.name ?? ''))))) {
    return make('prisma', call, method, {
      receiver, model: owner.name, batchedInTick: method === 'findUnique' || method === 'findUniqueOrThrow',
    });
  }
  if ((method === 'load' || method === 'loadMany') && (typed === 'dataloader' || (typed === undefined && /loader$/i.test(ownerName ?? '')))) {
    return make('dataloader', call, method, { receiver, batchedInTick: true, write: false });
  }
  if (chainNames.some((n) => n && QB_TERMINALS.has(n)) && tokens.some((t) => t.name === 'createQueryBuilder') && is('typeorm')) {
    const terminal = [...rest].reverse().find((t) => t.name && QB_TERMINALS.has(t.name));
    return make('typeorm', call, terminal?.name ?? method, { receiver });
  }
  if ((method === 'query' || method === 'execute') && args.length > 0 && (typed === 'sql' || typed === 'typeorm' || typed === 'knex' ||
    typed === 'drizzle' || typed === 'sequelize' || (typed === undefined && SQL_RECEIVERS.test(ownerName ?? '') && looksLikeSql(args[0], ownerName)))) {
    return make(typed === 'sql' || typed === undefined ? 'sql' : typed, call, method, {
      receiver, statement: args[0], write: isWriteSql(args[0]),
    });
  }
  if ((method === 'get' || method === 'all' || method === 'run' || method === 'each') &&
    (typed === 'sqlite' || (typed === undefined && tokens.some((t) => t.name === 'prepare')))) {
    return make('sqlite', call, method, { receiver });
  }
  if (BUILDER_STARTS.has(method) && (typed === 'drizzle' || typed === 'knex' || (typed === undefined && DB_ROOTS.test(ownerName ?? '') &&
    (rest.length > 0 || method === 'raw' || method === 'insert' || method === 'delete')))) {
    const knexLike = typed === 'knex' || ownerName === 'knex' || ownerName === 'trx' || rest.concat(op).some(
      (t) => t.call && ts.isCallExpression(t.call) && t.call.arguments.length > 0 && ts.isStringLiteralLike(t.call.arguments[0]));
    const write = method !== 'select' && method !== 'selectDistinct' && method !== 'from' && method !== 'with';
    return make(typed ?? (knexLike ? 'knex' : 'drizzle'), call, method, { receiver, write });
  }
  if (TYPEORM_OPS.has(method) && (typed === 'typeorm' || (typed === undefined &&
    (/(^repo|Repo|Repository|^repository)$/.test(ownerName ?? '') || /^(manager|entityManager|em)$/.test(ownerName ?? '') ||
      /^get\w*Repository$|^getManager$|^withRepository$/.test(factory ?? ''))))) {
    return make('typeorm', call, method, { receiver });
  }
  if (MODEL_OPS.has(method) && typed === undefined && (factory === 'collection' || factory === 'model')) {
    return make(factory === 'collection' ? 'mongodb' : 'mongoose', call, method, { receiver });
  }
  if (MODEL_OPS.has(method) && ownerName && (typed === 'sequelize' || typed === 'mongoose' || typed === 'typeorm' ||
    typed === 'mongodb' || (typed === undefined && isModelName(ownerName)))) {
    const client = typed ?? modelClient(method, ownerName, imports);
    return make(client, call, method, { receiver, model: ownerName });
  }
  // `db.users.findById(id)`, `db.user.findOne({ where })`: a model or collection hung off a database root.
  // A function argument means an array method (`db.items.find((x) => …)`), not a query.
  if (MODEL_OPS.has(method) && typed === undefined && ownerName && grand?.name && DB_ROOTS.test(grand.name) &&
    !args.some((arg) => ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) {
    return make(modelClient(method, ownerName, imports), call, method, { receiver, model: ownerName });
  }
  if (typed === 'redis' || (typed === undefined && REDIS_COMMANDS.has(method.toLowerCase()) && (REDIS_RECEIVERS.test(ownerName ?? '') ||
    (REDIS_DISTINCTIVE.test(method.toLowerCase()) && /^(client|conn|connection)$/.test(ownerName ?? '')) ||
    (ownerName === 'client' && hasAny(imports, /^(ioredis|redis|@redis\/client|@upstash\/redis)$/) && !isUrlLike(args[0]))))) {
    return REDIS_COMMANDS.has(method.toLowerCase()) ? make('redis', call, method, { receiver }) : undefined;
  }
  if (HTTP_METHODS.has(method) && (typed === 'http' || (typed === undefined && HTTP_RECEIVERS.test(ownerName ?? '') &&
    (/^(axios|got|ky|superagent)$/.test(ownerName ?? '') || isUrlLike(args[0]))))) {
    return make('http', call, method, { receiver });
  }
  return undefined;
}

function rootCall(tokens: Token[], rest: Token[], checker: ts.TypeChecker | undefined, imports: ReadonlySet<string>,
  make: (client: QueryClient, call: CallLike, method: string, extra?: Partial<QueryCall>) => QueryCall): QueryCall | undefined {
  const root = tokens[0];
  const call = root.call;
  const name = root.name;
  if (!call || !name) return undefined;
  if (ts.isTaggedTemplateExpression(call)) {
    return name === 'sql' && SQL_TEXT.test(templateHead(call.template)) ? make('sql', call, 'sql', { statement: call.template, write: isWriteSql(call.template) }) : undefined;
  }
  // Global `fetch` is declared in TypeScript's DOM lib or @types/node: its name decides, unless the program binds its own.
  if (HTTP_FUNCTIONS.has(name)) return declaredLocally(root.node) ? undefined : make('http', call, name);
  const origin = originOf(root.node, checker);
  if (origin.kind === 'memory' || origin.kind === 'class') return undefined;
  const typed = origin.kind === 'package' ? origin.client : undefined;
  if (name === 'request' && (typed === 'http' || imports.has('undici'))) return make('http', call, name);
  if ((typed === 'knex' || (typed === undefined && /^(knex|db|trx)$/.test(name))) &&
    call.arguments.length > 0 && ts.isStringLiteralLike(call.arguments[0])) {
    const names = rest.map((t) => t.name ?? '');
    return make('knex', call, names.find((n) => n && n !== 'where') ?? 'select', {
      label: call.getText().replace(/\s+/g, ' ').slice(0, 60),
      write: names.some((n) => /^(insert|update|del|delete|upsert|increment|decrement)$/.test(n)),
    });
  }
  return undefined;
}

/** `a.b.c(x).d()` as [a, b, c(x), d()]: each token names a step and, for calls, the call. */
function flatten(outer: CallLike): Token[] {
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

function labelOf(call: CallLike): string {
  const callee = ts.isCallExpression(call) ? call.expression : call.tag;
  const text = callee.getText().replace(/\s+/g, '');
  return text.length > 60 ? `…${text.slice(-59)}` : text;
}

type Origin =
  | { kind: 'package'; client: QueryClient }
  | { kind: 'memory' }
  | { kind: 'class'; declaration: ts.ClassLikeDeclaration }
  | { kind: 'unknown' };

/** Where the value of `receiver` comes from: a known package, an in-memory structure, a class of this program, or unknown. */
function originOf(receiver: ts.Expression, checker: ts.TypeChecker | undefined): Origin {
  if (checker) {
    const fromType = originOfType(checker.getTypeAtLocation(receiver));
    if (fromType.kind !== 'unknown') return fromType;
  }
  const inner = skipOuter(receiver);
  if (ts.isIdentifier(inner) || (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword)) {
    const declaration = findDeclaration(inner);
    if (declaration?.type && ['array', 'set', 'map', 'string'].includes(classifyTypeNode(declaration.type))) return { kind: 'memory' };
    // `store: LocalCache` or `= new LocalCache()`: a class this file declares.
    const typeName = declaration?.type && ts.isTypeReferenceNode(declaration.type) && ts.isIdentifier(declaration.type.typeName)
      ? declaration.type.typeName.text : undefined;
    const value = declaration?.initializer && skipOuter(declaration.initializer);
    if (value && (ts.isArrayLiteralExpression(value) || ts.isObjectLiteralExpression(value))) return { kind: 'memory' };
    const constructed = value && ts.isNewExpression(value) && ts.isIdentifier(value.expression) ? value.expression.text : undefined;
    if (constructed && BUILTIN_CONSTRUCTORS.has(constructed)) return { kind: 'memory' };
    const className = typeName ?? constructed;
    const cls = className === undefined ? undefined : inner.getSourceFile().statements.find(
      (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
    if (cls) return { kind: 'class', declaration: cls };
  }
  return { kind: 'unknown' };
}

function originOfType(type: ts.Type): Origin {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'unknown' };
  const parts = type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [type];
  for (const part of parts) {
    const symbol = part.aliasSymbol ?? part.getSymbol();
    for (const declaration of symbol?.getDeclarations() ?? []) {
      const pkg = packageOf(declaration);
      if (pkg === 'lib') return { kind: 'memory' };
      if (pkg !== undefined) {
        const client = PACKAGE_CLIENTS.find(([pattern]) => pattern.test(pkg))?.[1];
        if (client) return { kind: 'package', client };
        continue;
      }
      if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) return { kind: 'class', declaration };
    }
  }
  return { kind: 'unknown' };
}

/**
 * A method of a class of this program is a round trip when its body makes one. 'inherited': the class
 * extends another and does not declare the method, so names decide (`class Users extends Model {}`).
 */
function viaWrapper(origin: { declaration: ts.ClassLikeDeclaration }, method: string, checker: ts.TypeChecker | undefined,
  depth: number, result: QueryCall): QueryCall | undefined | 'inherited' {
  const cls = origin.declaration;
  const member = cls.members.find((m): m is ts.MethodDeclaration | ts.PropertyDeclaration =>
    (ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m)) && m.name.getText() === method);
  if (!member) return cls.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword) ? 'inherited' : undefined;
  const body = ts.isMethodDeclaration(member) ? member.body : member.initializer;
  if (!body) return undefined;
  let inner: QueryCall | undefined;
  const visit = (node: ts.Node): void => {
    if (inner) return;
    if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
      const found = recognizeQuery(node, checker, depth + 1);
      if (found && found.kind !== 'in-process') {
        inner = found;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return inner ? { ...result, kind: inner.kind, write: inner.write || result.write, batchedInTick: false, via: inner.via ?? inner.label } : undefined;
}

/** `User`, `models.Order`, `this.userModel`, `usersCollection`; not globals, constants (`USERS`) or one-letter namespaces (`R`). */
function isModelName(name: string): boolean {
  if (NOT_MODELS.has(name)) return false;
  if (/^[A-Z][A-Za-z0-9]*$/.test(name)) return /[a-z]/.test(name);
  return /^\w+Model$/.test(name) || /^\w*[cC]ollection$/.test(name);
}

function modelClient(method: string, owner: string, imports: ReadonlySet<string>): QueryClient {
  if (/[cC]ollection$/.test(owner)) return 'mongodb';
  if (SEQUELIZE_ONLY.has(method) || imports.has('sequelize') || imports.has('sequelize-typescript')) return 'sequelize';
  if (MONGOOSE_ONLY.has(method) || /Model$/.test(owner) || imports.has('mongoose')) return 'mongoose';
  if (imports.has('typeorm')) return 'typeorm';
  return 'orm';
}

function looksLikeSql(arg: ts.Expression, owner: string | undefined): boolean {
  const inner = skipOuter(arg);
  if (ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner)) {
    return SQL_TEXT.test(ts.isTemplateExpression(inner) ? inner.head.text : inner.text) || owner !== 'client';
  }
  if (ts.isTaggedTemplateExpression(inner)) return true;
  if (ts.isObjectLiteralExpression(inner)) {
    return inner.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && (p.name.text === 'text' || p.name.text === 'sql'));
  }
  return (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) && owner !== 'client';
}

function isWriteSql(arg: ts.Node): boolean {
  const inner = ts.isExpression(arg) ? skipOuter(arg) : arg;
  const text = ts.isStringLiteralLike(inner) ? inner.text : ts.isTemplateExpression(inner) ? inner.head.text : '';
  return /^\s*(insert|update|delete|replace|merge|upsert)\b/i.test(text);
}

function templateHead(template: ts.TemplateLiteral): string {
  return ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text;
}

function isUrlLike(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  const inner = skipOuter(arg);
  const text = ts.isStringLiteralLike(inner) ? inner.text : ts.isTemplateExpression(inner) ? inner.head.text : undefined;
  if (text !== undefined) return /^(https?:|\/)/.test(text) || (text.includes('/') && !/\s/.test(text));
  if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) return /(url|uri|href|endpoint|path)$/i.test(inner.getText());
  return false;
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

function hasAny(imports: ReadonlySet<string>, pattern: RegExp): boolean {
  for (const name of imports) if (pattern.test(name)) return true;
  return false;
}
