/**
 * Deterministic inputs: a seeded generator, values built from type descriptors, and the helpers a
 * `@bench` tag may call. The same seed and size always give the same values, so two runs of a
 * benchmark (or a run before and after an edit) measure the same work.
 */
import type { HelperName, TypeDescriptor } from './protocol.ts';

export type Random = () => number;

/** mulberry32: tiny, fast and good enough to shuffle benchmark data; not for cryptography. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Strings inside collections and objects stay short (names, ids); a string parameter gets `n` characters. */
const SHORT_STRING = 8;
const BASE_DATE = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

function randomText(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

function randomInt(random: Random, max: number): number {
  return Math.floor(random() * Math.max(1, max));
}

interface Context {
  random: Random;
  n: number;
  /** Size of collections at this depth: `n` at the top, √n inside another collection (no n² blow-up). */
  size: number;
  top: boolean;
}

function nested(context: Context): Context {
  return { ...context, size: Math.max(1, Math.round(Math.sqrt(context.size))), top: false };
}

function member(context: Context): Context {
  return { ...context, top: false };
}

/** Distinct keys for sets, maps and records: draws up to 4 × size times, then settles for what it has. */
function distinct(context: Context, make: () => unknown): unknown[] {
  const seen = new Set<unknown>();
  for (let attempts = 0; seen.size < context.size && attempts < context.size * 4; attempts++) seen.add(make());
  return [...seen];
}

export function generate(type: TypeDescriptor, context: Context): unknown {
  switch (type.kind) {
    case 'number':
      return type.top && context.top ? context.n : randomInt(context.random, context.n);
    case 'bigint':
      return BigInt(randomInt(context.random, context.n));
    case 'string':
      return randomText(context.random, context.top ? context.n : SHORT_STRING);
    case 'boolean':
      return context.random() < 0.5;
    case 'date':
      return new Date(BASE_DATE + randomInt(context.random, 3650) * DAY_MS);
    case 'literal':
      return type.value;
    case 'union': {
      const option = type.options[randomInt(context.random, type.options.length)];
      return option ? generate(option, context) : undefined;
    }
    case 'array': {
      const inner = nested(context);
      return Array.from({ length: context.size }, () => generate(type.element, inner));
    }
    case 'typed-array': {
      const array = new globalThis[type.name](context.size);
      const float = type.name.startsWith('Float');
      for (let i = 0; i < array.length; i++) array[i] = float ? context.random() * context.n : randomInt(context.random, 256);
      return array;
    }
    case 'tuple':
      return type.elements.map((element) => generate(element, member(context)));
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const property of type.properties) object[property.name] = generate(property.type, member(context));
      return object;
    }
    case 'record': {
      const inner = nested(context);
      const keys = distinct(context, () => (type.key === 'number' ? randomInt(context.random, context.size * 10) : randomText(context.random, SHORT_STRING)));
      const record: Record<string, unknown> = {};
      for (const key of keys) record[String(key)] = generate(type.value, inner);
      return record;
    }
    case 'set': {
      const inner = nested(context);
      return new Set(distinct(context, () => generate(type.element, inner)));
    }
    case 'map': {
      const inner = nested(context);
      const keys = distinct(context, () => generate(type.key, inner));
      return new Map(keys.map((key) => [key, generate(type.value, inner)]));
    }
  }
}

/** The arguments for generated parameters: a fresh generator from `seed`, so every call to this is identical. */
export function generateArguments(params: readonly { type: TypeDescriptor }[], n: number, seed: number): unknown[] {
  const context: Context = { random: seededRandom(seed), n, size: n, top: true };
  return params.map((param) => generate(param.type, context));
}

/**
 * What a `@bench` expression can call, all seeded from the request's seed:
 * - `n`: the size setting (default 1000)
 * - `random()`: a float in [0, 1)
 * - `range(count, start = 0)`: `[start, start + 1, …]`
 * - `randomInts(count, max = count)`: integers in [0, max)
 * - `randomFloats(count)`: floats in [0, 1)
 * - `randomString(length)`, `randomStrings(count, length = 8)`: letters and digits
 * - `shuffled(array)`: a shuffled copy
 */
export function helpers(n: number, seed: number): Record<HelperName, unknown> {
  const random = seededRandom(seed);
  return {
    n,
    random,
    range: (count: number, start = 0) => Array.from({ length: count }, (_, i) => start + i),
    randomInts: (count: number, max = count) => Array.from({ length: count }, () => randomInt(random, max)),
    randomFloats: (count: number) => Array.from({ length: count }, random),
    randomString: (length: number) => randomText(random, length),
    randomStrings: (count: number, length = SHORT_STRING) => Array.from({ length: count }, () => randomText(random, length)),
    shuffled: <T>(array: readonly T[]) => {
      const copy = [...array];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = randomInt(random, i + 1);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}
