/**
 * Ten reference functions from ~10 ns to ~10 ms per call for `npm run bench:runner`. Each tool
 * gets the same function and the same arguments: the runner through the `@bench` tags (as a user
 * would write them), mitata and plain tinybench through `INPUTS` directly. None changes its inputs.
 */
import { seededRandom } from '../../src/runner/inputs.ts';

/** A new generator per call: the worker builds the arguments twice and compares them, so they must repeat. */
function ints(count: number): number[] {
  const random = seededRandom(count);
  return Array.from({ length: count }, () => Math.floor(random() * 1_000_000));
}
const words = ints(2000).map((value, i) => `w${i.toString(36)}${value % 1000}`).join(' ');

export const INPUTS = {
  fnv1a: () => ['hello world'],
  sum64: () => [ints(64)],
  stringifySmall: () => [{ id: 7, name: 'Ada', tags: ['x', 'y'] }],
  sum1k: () => [ints(1_000)],
  mapBuild: () => [ints(100)],
  sortedCopy100: () => [ints(100)],
  countMatches: () => [words],
  sortedCopy1k: () => [ints(1_000)],
  sortedCopy10k: () => [ints(10_000)],
  sortedCopy100k: () => [ints(100_000)],
} satisfies Record<string, () => unknown[]>;

/** @bench INPUTS.fnv1a() */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function sum(xs: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i] as number;
  return total;
}

/** @bench INPUTS.sum64() */
export function sum64(xs: number[]): number {
  return sum(xs);
}

/** @bench INPUTS.stringifySmall() */
export function stringifySmall(value: object): string {
  return JSON.stringify(value);
}

/** @bench INPUTS.sum1k() */
export function sum1k(xs: number[]): number {
  return sum(xs);
}

/** @bench INPUTS.mapBuild() */
export function mapBuild(xs: number[]): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i < xs.length; i++) map.set(xs[i] as number, i);
  return map;
}

const ascending = (a: number, b: number) => a - b;

/** @bench INPUTS.sortedCopy100() */
export function sortedCopy100(xs: number[]): number[] {
  return [...xs].sort(ascending);
}

/** @bench INPUTS.countMatches() */
export function countMatches(text: string): number {
  return text.match(/w[0-9a-z]*7\d/g)?.length ?? 0;
}

/** @bench INPUTS.sortedCopy1k() */
export function sortedCopy1k(xs: number[]): number[] {
  return [...xs].sort(ascending);
}

/** @bench INPUTS.sortedCopy10k() */
export function sortedCopy10k(xs: number[]): number[] {
  return [...xs].sort(ascending);
}

/** @bench INPUTS.sortedCopy100k() */
export function sortedCopy100k(xs: number[]): number[] {
  return [...xs].sort(ascending);
}

/** The end-to-end timing's subject: as little work as a call can be. */
export function trivial(): number {
  return 1;
}
