/**
 * Whether two inputs hold the same state: the worker builds the arguments twice, calls the
 * function with one, and compares. If they differ the call changed its inputs (sorting in place,
 * pushing to a field) and every later call needs a fresh copy, or it would time the wrong work
 * (sorting an already sorted array). Structural over arrays, typed arrays, maps, sets, dates and
 * objects (same prototype, own enumerable keys); functions count as equal (closures made twice
 * are never identical and are not data).
 */
const MAX_VISITS = 2_000_000;

export function sameState(a: unknown, b: unknown): boolean {
  const seen = new Map<object, object>();
  let visits = 0;
  const same = (x: unknown, y: unknown): boolean => {
    if (Object.is(x, y)) return true;
    if (typeof x === 'function' && typeof y === 'function') return true;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    // Past the budget the inputs are huge; calling them unchanged is the cheaper mistake.
    if (++visits > MAX_VISITS) return true;
    if (seen.get(x) === y) return true;
    seen.set(x, y);
    if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
    if (x instanceof Date) return x.getTime() === (y as Date).getTime();
    if (ArrayBuffer.isView(x)) {
      const left = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
      const right = new Uint8Array((y as ArrayBufferView).buffer, (y as ArrayBufferView).byteOffset, (y as ArrayBufferView).byteLength);
      return left.length === right.length && left.every((byte, i) => byte === right[i]);
    }
    if (x instanceof Map) {
      const other = y as Map<unknown, unknown>;
      if (x.size !== other.size) return false;
      const left = [...x];
      const right = [...other];
      return left.every(([key, value], i) => same(key, right[i]?.[0]) && same(value, right[i]?.[1]));
    }
    if (x instanceof Set) {
      const other = y as Set<unknown>;
      if (x.size !== other.size) return false;
      const right = [...other];
      return [...x].every((value, i) => same(value, right[i]));
    }
    const keys = Object.keys(x);
    const otherKeys = Object.keys(y);
    if (keys.length !== otherKeys.length) return false;
    if (Array.isArray(x) && x.length !== (y as unknown[]).length) return false;
    return keys.every((key, i) => key === otherKeys[i] && same((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]));
  };
  return same(a, b);
}
