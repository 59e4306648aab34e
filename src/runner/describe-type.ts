/**
 * Parameter types → `TypeDescriptor`s the worker can generate values from. Runs in the server,
 * which has the checker; the descriptors cross to the worker as plain data. A type that cannot be
 * generated says why, in words the lens can show ("a function type", "class `Parser`").
 */
import ts from 'typescript';
import type { TypeDescriptor, TypedArrayName } from './protocol.ts';

export type Described = { ok: true; type: TypeDescriptor } | { ok: false; reason: string };

const TYPED_ARRAYS = new Set<string>([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
]);
/** Deeper shapes are rare in parameters and would mostly be recursion: stop there. */
const MAX_DEPTH = 8;

interface Walk {
  checker: ts.TypeChecker;
  /** Object types on the path from the parameter: meeting one again is recursion. */
  path: Set<ts.Type>;
  depth: number;
}

const ok = (type: TypeDescriptor): Described => ({ ok: true, type });
const no = (reason: string): Described => ({ ok: false, reason });

/** The descriptor of a parameter's type; a plain `number` parameter is marked `top` (it gets `n`). */
export function describeParameterType(type: ts.Type, checker: ts.TypeChecker): Described {
  const described = describe(type, { checker, path: new Set(), depth: 0 });
  return described.ok && described.type.kind === 'number' ? ok({ kind: 'number', top: true }) : described;
}

/** A global declared only in TypeScript's default libraries (`Set`, `Date`), not a user type of that name. */
function libraryName(type: ts.Type): string | undefined {
  const symbol = type.getSymbol();
  // Named interfaces only: `Record<K, V>` is an anonymous mapped type declared in a lib too.
  if (!symbol || !(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) return undefined;
  // @types/node augments some of them (`interface Date`), so one declaration in a lib file is enough.
  return symbol.getDeclarations()?.some((declaration) => declaration.getSourceFile().hasNoDefaultLib) ? symbol.getName() : undefined;
}

function describe(type: ts.Type, walk: Walk): Described {
  const { checker } = walk;
  const text = () => checker.typeToString(type);
  const flags = type.flags;
  if (flags & ts.TypeFlags.Any) return no('its type is `any`');
  if (flags & ts.TypeFlags.Unknown) return no('its type is `unknown`');
  if (flags & ts.TypeFlags.Never) return no('its type is `never`');
  if (flags & ts.TypeFlags.Boolean) return ok({ kind: 'boolean' });
  if (type.isStringLiteral() || type.isNumberLiteral()) return ok({ kind: 'literal', value: type.value });
  if (flags & ts.TypeFlags.BooleanLiteral) return ok({ kind: 'literal', value: text() === 'true' });
  if (flags & ts.TypeFlags.Number || flags & ts.TypeFlags.Enum) return ok({ kind: 'number' });
  if (flags & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return ok({ kind: 'bigint' });
  if (flags & ts.TypeFlags.String) return ok({ kind: 'string' });
  if (flags & (ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return no(`\`${text()}\` is a template-literal type`);
  if (flags & ts.TypeFlags.Null) return ok({ kind: 'literal', value: null });
  if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return ok({ kind: 'literal', value: undefined });
  if (flags & ts.TypeFlags.ESSymbolLike) return no('symbols cannot be generated');
  if (flags & ts.TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint && constraint !== type ? describe(constraint, walk) : no(`type parameter \`${text()}\` has no constraint`);
  }
  if (type.isUnion()) return describeUnion(type, walk);
  if (type.isIntersection()) {
    // A branded primitive (`string & { __brand: 'Id' }`) is generated as the primitive.
    const primitive = type.types.find((part) => part.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike | ts.TypeFlags.BigIntLike));
    if (primitive) return describe(primitive, walk);
  }
  if (flags & ts.TypeFlags.Object || type.isIntersection()) return describeObject(type, walk, text);
  return no(`\`${text()}\` cannot be generated`);
}

function describeUnion(type: ts.UnionType, walk: Walk): Described {
  // `boolean` is `true | false` inside a union: keep it whole so it stays one 50/50 option.
  const members = type.types;
  const options: TypeDescriptor[] = [];
  const reasons: string[] = [];
  const hasBoolean = members.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral).length === 2;
  if (hasBoolean) options.push({ kind: 'boolean' });
  for (const member of members) {
    if (hasBoolean && member.flags & ts.TypeFlags.BooleanLiteral) continue;
    const described = describe(member, walk);
    if (described.ok) options.push(described.type);
    else reasons.push(described.reason);
  }
  // A required `T | undefined` or `T | null` gets T: the absent case is rarely the work worth timing.
  const present = options.filter((option) => !(option.kind === 'literal' && (option.value === null || option.value === undefined)));
  const chosen = present.length > 0 ? present : options;
  if (chosen.length === 0) return no(reasons[0] ?? `\`${walk.checker.typeToString(type)}\` cannot be generated`);
  return ok(chosen.length === 1 ? (chosen[0] as TypeDescriptor) : { kind: 'union', options: chosen });
}

function describeObject(type: ts.Type, walk: Walk, text: () => string): Described {
  const { checker } = walk;
  if (walk.depth >= MAX_DEPTH) return no(`\`${text()}\` nests too deeply`);
  if (walk.path.has(type)) return no(`\`${text()}\` is recursive`);
  const inner: Walk = { checker, path: new Set(walk.path).add(type), depth: walk.depth + 1 };
  const library = libraryName(type);
  const typeArguments = type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference
    ? checker.getTypeArguments(type as ts.TypeReference)
    : [];
  if (checker.isTupleType(type)) {
    const elements: TypeDescriptor[] = [];
    for (const element of typeArguments) {
      const described = describe(element, inner);
      if (!described.ok) return described;
      elements.push(described.type);
    }
    return ok({ kind: 'tuple', elements });
  }
  if (checker.isArrayType(type) || library === 'Set' || library === 'ReadonlySet') {
    const element = typeArguments[0];
    const described = element ? describe(element, inner) : no(`\`${text()}\` has no element type`);
    if (!described.ok) return no(`${checker.isArrayType(type) ? 'array' : 'set'} element: ${described.reason}`);
    return ok(checker.isArrayType(type) ? { kind: 'array', element: described.type } : { kind: 'set', element: described.type });
  }
  if (library === 'Map' || library === 'ReadonlyMap') {
    const [keyType, valueType] = typeArguments;
    const key = keyType ? describe(keyType, inner) : no('no key type');
    const value = valueType ? describe(valueType, inner) : no('no value type');
    if (!key.ok) return no(`map key: ${key.reason}`);
    if (!value.ok) return no(`map value: ${value.reason}`);
    return ok({ kind: 'map', key: key.type, value: value.type });
  }
  if (library === 'Date') return ok({ kind: 'date' });
  if (library && TYPED_ARRAYS.has(library)) return ok({ kind: 'typed-array', name: library as TypedArrayName });
  if (library) return no(`\`${text()}\` cannot be generated`);
  if (type.getCallSignatures().length > 0) return no(`\`${text()}\` is a function type`);
  if (type.getConstructSignatures().length > 0) return no(`\`${text()}\` is a class or constructor type`);
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.Class) return no(`an instance of class \`${symbol.getName()}\` is needed (a plain object would lack its methods)`);
  return describeShape(type, inner, text);
}

function describeShape(type: ts.Type, walk: Walk, text: () => string): Described {
  const { checker } = walk;
  const properties = checker.getPropertiesOfType(type);
  const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.Number));
  if (properties.length === 0 && index) {
    const value = describe(index.type, walk);
    if (!value.ok) return no(`record value: ${value.reason}`);
    return ok({ kind: 'record', key: index.keyType.flags & ts.TypeFlags.Number ? 'number' : 'string', value: value.type });
  }
  const shape: { name: string; type: TypeDescriptor; optional: boolean }[] = [];
  for (const property of properties) {
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : undefined;
    const described = propertyType ? describe(propertyType, walk) : no('no type');
    // An optional property that cannot be generated (or only as `undefined`) is left out, as callers may.
    const absent = !described.ok || (described.type.kind === 'literal' && described.type.value === undefined);
    if (optional && absent) continue;
    if (!described.ok) return no(`property \`${property.getName()}\` of \`${text()}\`: ${described.reason}`);
    shape.push({ name: property.getName(), type: described.type, optional });
  }
  return ok({ kind: 'object', properties: shape });
}
