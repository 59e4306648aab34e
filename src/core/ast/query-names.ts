import ts from './ts-api.ts';
import { skipOuter } from './iteration.ts';
import type { QueryClient, QueryKind } from './queries.ts';

// The names, packages and call shapes that tell a round trip from an ordinary call, per client.

export const PACKAGE_CLIENTS: [RegExp, QueryClient][] = [
  [/^(@prisma\/client|\.prisma|prisma)$/, 'prisma'], [/^drizzle-orm$/, 'drizzle'], [/^typeorm$/, 'typeorm'],
  [/^sequelize(-typescript)?$/, 'sequelize'], [/^mongoose$/, 'mongoose'], [/^mongodb$/, 'mongodb'], [/^knex$/, 'knex'],
  [/^(pg|pg-pool|postgres|mysql2?|@neondatabase\/serverless|@vercel\/postgres|@planetscale\/database)$/, 'sql'],
  [/^(better-sqlite3|bun:sqlite|node:sqlite)$/, 'sqlite'], [/^(sqlite3?)$/, 'sqlite3'], [/^pg-promise$/, 'sql'],
  [/^(level|classic-level|abstract-level|levelup|browser-level|rocks-level)$/, 'level'], [/^(pouchdb(-[\w-]+)?|nano)$/, 'couchdb'],
  [/^(ioredis|redis|@redis\/client|@upstash\/redis)$/, 'redis'],
  [/^(axios|undici|undici-types|got|ky|node-fetch|cross-fetch|ofetch|superagent)$/, 'http'], [/^dataloader$/, 'dataloader'],
];
export const KIND: Record<QueryClient, QueryKind> = {
  prisma: 'database', drizzle: 'database', typeorm: 'database', sequelize: 'database', mongoose: 'database',
  mongodb: 'database', orm: 'database', knex: 'database', sql: 'database', sqlite: 'in-process', sqlite3: 'embedded',
  level: 'embedded', couchdb: 'database', 'deno-kv': 'database', kv: 'database', redis: 'cache', http: 'http',
  dataloader: 'loader', wrapper: 'database',
};
/** Library clients whose methods are prototype methods reading `this`: `ids.map(repo.findOneBy)` calls them unbound. */
export const THIS_CLIENTS = new Set<QueryClient>(['typeorm', 'sequelize', 'mongoose', 'mongodb', 'sql', 'sqlite3', 'level', 'couchdb',
  'redis', 'dataloader']);

export const PRISMA_OPS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'create',
  'createMany', 'createManyAndReturn', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate', 'groupBy']);
export const PRISMA_DISTINCTIVE = new Set(['findUnique', 'findUniqueOrThrow', 'findFirstOrThrow', 'createManyAndReturn', 'groupBy']);
export const PRISMA_RAW = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe']);
export const BUILDER_STARTS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'from', 'raw', 'with']);
export const TYPEORM_OPS = new Set(['findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'find', 'findBy', 'findAndCount',
  'findAndCountBy', 'findByIds', 'save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'count', 'countBy',
  'exist', 'exists', 'existsBy', 'query', 'increment', 'decrement', 'sum', 'average', 'minimum', 'maximum', 'preload']);
export const QB_TERMINALS = new Set(['getOne', 'getMany', 'getRawOne', 'getRawMany', 'getCount', 'getManyAndCount', 'getOneOrFail',
  'getExists', 'execute']);
export const MODEL_OPS = new Set(['findByPk', 'findOne', 'findAll', 'findAndCountAll', 'findOrCreate', 'create', 'bulkCreate',
  'update', 'destroy', 'count', 'upsert', 'findById', 'find', 'findByIdAndUpdate', 'findByIdAndDelete', 'findOneAndUpdate',
  'findOneAndDelete', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'exists', 'insertMany',
  'aggregate', 'distinct', 'replaceOne', 'findOneBy', 'findBy', 'save', 'insertOne', 'findOneAndReplace', 'bulkWrite']);
const SEQUELIZE_ONLY = new Set(['findByPk', 'findAll', 'findAndCountAll', 'findOrCreate', 'bulkCreate', 'destroy']);
const MONGOOSE_ONLY = new Set(['findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'findOneAndUpdate', 'findOneAndDelete',
  'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'insertMany', 'replaceOne', 'insertOne', 'bulkWrite']);
const NOT_MODELS = new Set(['Object', 'Array', 'Promise', 'Math', 'JSON', 'Reflect', 'Date', 'Number', 'String', 'Map', 'Set',
  'Buffer', 'URL', 'Intl', 'Symbol', 'BigInt', 'Atomics', 'Proxy', 'WeakMap', 'WeakSet', 'Error', 'Iterator']);
export const REDIS_COMMANDS = new Set(['get', 'set', 'getdel', 'getex', 'setex', 'setnx', 'psetex', 'mget', 'mset', 'del', 'unlink',
  'exists', 'expire', 'pexpire', 'ttl', 'pttl', 'incr', 'incrby', 'decr', 'decrby', 'hget', 'hset', 'hsetnx', 'hmget', 'hmset',
  'hgetall', 'hdel', 'hexists', 'hincrby', 'hkeys', 'hvals', 'hlen', 'sadd', 'srem', 'smembers', 'sismember', 'smismember',
  'scard', 'zadd', 'zrem', 'zscore', 'zrange', 'zrangebyscore', 'zrank', 'zcard', 'zincrby', 'lpush', 'rpush', 'lpop', 'rpop',
  'lrange', 'llen', 'lindex', 'publish', 'xadd', 'json.get', 'json.set']);
/** Commands no in-memory cache or HTTP client shares, so a generic receiver (`client`) is enough. */
export const REDIS_DISTINCTIVE = /^(h(get|set|mget|getall|del|incrby|exists|keys|vals|len|setnx)|s(add|rem|members|ismember|mismember|card)|z(add|rem|score|range|rangebyscore|rank|card|incrby)|[lr](push|pop|range|len|index)|mget|mset|setex|setnx|incrby|decrby|pexpire|pttl|xadd)$/;
export const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
export const HTTP_FUNCTIONS = new Set(['fetch', '$fetch', 'ofetch', 'axios', 'got', 'ky', 'superagent']);
export const HTTP_RECEIVERS = /^(axios|got|ky|superagent|api|http|httpClient|apiClient|client|instance|fetcher|\w+Api|\w+ApiClient|\w+HttpClient)$/;
export const SQL_RECEIVERS = /^(pool|client|db|conn|connection|database|pg|pgPool|mysql|tx|trx|sequelize|dataSource|\w+DataSource|manager|entityManager|em|queryRunner|\w+Pool|\w+Db|\w+Connection)$/;
export const DB_ROOTS = /^(db|database|tx|trx|knex|drizzle|\w+Db)$/;
export const PRISMA_ROOTS = /prisma|^(db|tx|client|database)$/i;
export const REDIS_RECEIVERS = /redis|^(cache|kv|valkey|upstash|cacheClient)$/i;
/** pg-promise (`db.oneOrNone(sql, …)`) and node-sqlite3 / sqlite (`db.get(sql, …)`): the statement comes first. */
export const PG_PROMISE_METHODS = new Set(['one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'none', 'result', 'multi']);
export const SQLITE3_METHODS = new Set(['get', 'all', 'run', 'each']);
/** Receivers of key-value and document stores (LevelDB, PouchDB, nano): `db.get(key)`, `userDb.put(key, value)`. */
export const KV_ROOTS = /^(db|database|\w+Db|\w+DB|leveldb|levelDb|pouch|couch)$/;
export const KV_METHODS = new Set(['get', 'put', 'del']);
export const DENO_KV_METHODS = new Set(['get', 'set', 'delete']);
export const LEVEL_IMPORTS = /^(level|classic-level|abstract-level|levelup|browser-level|rocks-level)$/;
export const COUCH_IMPORTS = /^(pouchdb(-[\w-]+)?|nano)$/;
export const SQL_TEXT = /^\s*(select|insert|update|delete|with|replace|merge|upsert|call)\b/i;
export const WRITE_NAME = /^(create|insert|update|upsert|delete|destroy|remove|save|softDelete|restore|replace|bulk|increment|decrement|set|hset|hmset|hsetnx|mset|del|unlink|incr|decr|hincrby|hdel|sadd|srem|zadd|zrem|zincrby|lpush|rpush|lpop|rpop|expire|pexpire|publish|xadd|post|put|patch|run|\$executeRaw)/i;
export const BUILTIN_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'URLSearchParams', 'Headers', 'FormData', 'Array',
  'Object', 'LRUCache', 'LruCache', 'NodeCache', 'QuickLRU']);

/** `User`, `models.Order`, `this.userModel`, `usersCollection`; not globals, constants (`USERS`) or one-letter namespaces (`R`). */
export function isModelName(name: string): boolean {
  if (NOT_MODELS.has(name)) return false;
  if (/^[A-Z][A-Za-z0-9]*$/.test(name)) return /[a-z]/.test(name);
  return /^\w+Model$/.test(name) || /^\w*[cC]ollection$/.test(name);
}

export function modelClient(method: string, owner: string, imports: ReadonlySet<string>): QueryClient {
  if (/[cC]ollection$/.test(owner)) return 'mongodb';
  if (SEQUELIZE_ONLY.has(method) || imports.has('sequelize') || imports.has('sequelize-typescript')) return 'sequelize';
  if (MONGOOSE_ONLY.has(method) || /Model$/.test(owner) || imports.has('mongoose')) return 'mongoose';
  if (imports.has('typeorm')) return 'typeorm';
  return 'orm';
}

export function looksLikeSql(arg: ts.Expression, owner: string | undefined): boolean {
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

/** A literal statement (`'SELECT …'`, `` `UPDATE … ${x}` ``, `` sql`…` ``): what tells a SQL method from a key-value `get`. */
export function isSqlText(arg: ts.Expression): boolean {
  const inner = skipOuter(arg);
  if (ts.isStringLiteralLike(inner)) return SQL_TEXT.test(inner.text);
  if (ts.isTemplateExpression(inner)) return SQL_TEXT.test(inner.head.text);
  return ts.isTaggedTemplateExpression(inner) && /^(sql|SQL)$/.test(inner.tag.getText()) && SQL_TEXT.test(templateHead(inner.template));
}

export function isWriteSql(arg: ts.Node): boolean {
  const inner = ts.isExpression(arg) ? skipOuter(arg) : arg;
  const text = ts.isStringLiteralLike(inner) ? inner.text : ts.isTemplateExpression(inner) ? inner.head.text : '';
  return /^\s*(insert|update|delete|replace|merge|upsert)\b/i.test(text);
}

export function templateHead(template: ts.TemplateLiteral): string {
  return ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text;
}

export function isUrlLike(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  const inner = skipOuter(arg);
  const text = ts.isStringLiteralLike(inner) ? inner.text : ts.isTemplateExpression(inner) ? inner.head.text : undefined;
  if (text !== undefined) return /^(https?:|\/)/.test(text) || (text.includes('/') && !/\s/.test(text));
  if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) return /(url|uri|href|endpoint|path)$/i.test(inner.getText());
  return false;
}

export function hasAny(imports: ReadonlySet<string>, pattern: RegExp): boolean {
  for (const name of imports) if (pattern.test(name)) return true;
  return false;
}
