import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InputPlan } from '../../src/runner/protocol.ts';
import { selectionTarget } from '../../src/runner/selection.ts';
import { benchTagEdit, targetAt } from '../../src/runner/targets.ts';
import { byName, targetsOf } from './helpers.ts';

const names = (text: string) => targetsOf(text).targets.map((target) => target.name);
const plan = (text: string, name: string): InputPlan => byName(targetsOf(text).targets, name).input;

describe('benchmark targets', () => {
  it('finds the functions a module reaches after loading', () => {
    const text = `
      export function declared(): number { return 1; }
      function local(): number { return 2; }
      export const arrow = (): number => 3;
      const expression = function (): number { return 4; };
      const wrapped = ((): number => 5) satisfies () => number;
      export class Tool {
        static make(): Tool { return new Tool(); }
        use(): number { return 6; }
        handler = (): number => 7;
        get size(): number { return 8; }
        #secret(): number { return 9; }
        ['computed'](): number { return 10; }
      }
      const Shape = class { area(): number { return 11; } };
      export default function (): number { return 12; }
    `;
    assert.deepEqual(names(text), ['declared', 'local', 'arrow', 'expression', 'wrapped', 'Tool.make', 'Tool#use', 'Tool#handler', 'Shape#area', 'default']);
  });

  it('skips what the module cannot reach and what has no body', () => {
    const text = `
      function outer(): () => number {
        function inner(): number { return 1; }
        const nested = (): number => 2;
        return () => inner() + nested();
      }
      if (Math.random() > 2) { function inBlock(): number { return 3; } }
      let reassignable = (): number => 4;
      const object = { method(): number { return 5; } };
      export function overloaded(value: string): string;
      export function overloaded(value: number): number;
      export function overloaded(value: unknown): unknown { return value; }
      declare function ambient(): void;
      [1].map((value) => value * 2);
    `;
    assert.deepEqual(names(text), ['outer', 'overloaded']);
  });

  it('offers instance methods only when an instance can be made', () => {
    const text = `
      class NoConstructor { run(): number { return 1; } }
      class OptionalArguments { constructor(public size = 3, label?: string) {} run(): number { return this.size; } }
      class NeedsArguments { constructor(public size: number) {} run(): number { return this.size; } static helper(): number { return 2; } }
      /** @bench new Configured(64) */
      class Configured { constructor(public size: number) {} run(): number { return this.size; } }
      abstract class Abstract { run(): number { return 1; } static make(): number { return 2; } }
      class Base { constructor(public size: number) {} }
      class Derived extends Base { run(): number { return this.size; } }
      class Free extends NoConstructor { twice(): number { return 2; } }
    `;
    assert.deepEqual(names(text), [
      'NoConstructor#run', 'OptionalArguments#run', 'NeedsArguments.helper', 'Configured#run', 'Abstract.make', 'Free#twice',
    ]);
    const configured = byName(targetsOf(text).targets, 'Configured#run');
    assert.deepEqual(configured.access, { kind: 'instance', binding: 'Configured', member: 'run', setup: 'new Configured(64)', setupHelpers: [] });
  });

  it('gives each target a name span, a function span, the line to annotate and async/generator flags', () => {
    const text = 'export async function load(\n  id: string,\n): Promise<string> {\n  return id;\n}\nexport function* items(): Generator<number> { yield 1; }\n';
    const { targets } = targetsOf(text);
    const load = byName(targets, 'load');
    assert.equal(text.slice(load.nameSpan.start, load.nameSpan.end), 'load');
    assert.equal(text.slice(load.span.start, load.span.end).split('\n').length, 5);
    assert.equal(load.annotateLine, 2, 'the line where the body opens');
    assert.equal(load.async, true);
    assert.equal(byName(targets, 'items').generator, true);
    assert.equal(targetAt(targets, load.nameSpan.start + 2), load);
    assert.equal(targetAt(targets, load.span.end - 1), undefined, 'only the name picks a target');
  });

  it('keys stay put across edits, hashes change with the function text and its JSDoc', () => {
    const before = targetsOf('export function a(): number { return 1; }\nexport function b(): number { return 2; }\n').targets;
    const after = targetsOf('\n\nexport function a(): number { return 1; }\n/** @bench [] */\nexport function b(): number { return 3; }\n').targets;
    assert.deepEqual(after.map((target) => target.key), before.map((target) => target.key));
    assert.equal(byName(after, 'a').hash, byName(before, 'a').hash);
    assert.notEqual(byName(after, 'b').hash, byName(before, 'b').hash);
  });
});

describe('input plans', () => {
  it('runs zero-parameter functions as they are, leaving optional and rest parameters out', () => {
    assert.deepEqual(plan('export function f(this: Window, limit = 3, label?: string, ...rest: number[]) { return rest; }', 'f'), { kind: 'none' });
  });

  it('takes a @bench tag over generated inputs, and names the helpers the module does not shadow', () => {
    const text = `
      import { range } from './elsewhere';
      /** Sorts.
       * @bench [randomInts(n), range(3), shuffled([1, 2])]
       */
      export const sort = (xs: number[], _ys: number[], _zs: number[]) => xs.sort();
    `;
    assert.deepEqual(plan(text, 'sort'), { kind: 'tag', expression: '[randomInts(n), range(3), shuffled([1, 2])]', helpers: ['randomInts', 'n', 'shuffled'] });
  });

  it('says so when a @bench tag is not one expression', () => {
    const result = plan('/** @bench [1, */\nexport function f(x: number) { return x; }', 'f');
    assert.equal(result.kind, 'unsupported');
    assert.match(result.kind === 'unsupported' ? result.reason : '', /@bench tag `\[1,` is not one expression/);
  });

  it('generates numbers, strings, booleans, arrays, tuples, object shapes, literal unions, sets, maps, dates, records and enums', () => {
    const text = `
      enum Level { Low = 1, High = 2 }
      interface Line { sku: string; quantity: number; note?: string }
      export function f(
        count: number, name: string, on: boolean, xs: number[], pair: readonly [number, string],
        line: Line, status: 'open' | 'closed', tags: Set<string>, index: Map<string, Line>, when: Date,
        scores: Record<string, number>, level: Level, maybe: string | undefined, bytes: Uint8Array,
      ) { return [count, name, on, xs, pair, line, status, tags, index, when, scores, level, maybe, bytes]; }
    `;
    const result = plan(text, 'f');
    assert.equal(result.kind, 'generated');
    const types = result.kind === 'generated' ? result.params.map((param) => param.type) : [];
    const line = { kind: 'object', properties: [
      { name: 'sku', type: { kind: 'string' }, optional: false },
      { name: 'quantity', type: { kind: 'number' }, optional: false },
      { name: 'note', type: { kind: 'string' }, optional: true },
    ] };
    assert.deepEqual(types, [
      { kind: 'number', top: true },
      { kind: 'string' },
      { kind: 'boolean' },
      { kind: 'array', element: { kind: 'number' } },
      { kind: 'tuple', elements: [{ kind: 'number' }, { kind: 'string' }] },
      line,
      { kind: 'union', options: [{ kind: 'literal', value: 'open' }, { kind: 'literal', value: 'closed' }] },
      { kind: 'set', element: { kind: 'string' } },
      { kind: 'map', key: { kind: 'string' }, value: line },
      { kind: 'date' },
      { kind: 'record', key: 'string', value: { kind: 'number' } },
      { kind: 'union', options: [{ kind: 'literal', value: 1 }, { kind: 'literal', value: 2 }] },
      { kind: 'string' },
      { kind: 'typed-array', name: 'Uint8Array' },
    ]);
  });

  it('names the parameter and the type it cannot generate', () => {
    const reason = (text: string) => {
      const result = plan(text, 'f');
      return result.kind === 'unsupported' ? result.reason : `generated: ${JSON.stringify(result)}`;
    };
    assert.match(reason('export function f(done: () => void) { done(); }'), /^parameter `done`: `\(\) => void` is a function type$/);
    assert.match(reason('export function f(value: any) { return value; }'), /^parameter `value`: its type is `any`$/);
    assert.match(reason('class Parser { parse(): number { return 1; } }\nexport function f(parser: Parser) { return parser.parse(); }'), /parameter `parser`: an instance of class `Parser` is needed/);
    assert.match(reason('interface Tree { value: number; left: Tree }\nexport function f(tree: Tree) { return tree.value; }'), /parameter `tree`: property `left` of `Tree`: `Tree` is recursive/);
    assert.match(reason('export function f(pattern: RegExp) { return pattern.source; }'), /parameter `pattern`: `RegExp` cannot be generated/);
  });

  it('leaves out optional properties it cannot generate, and recursion through them', () => {
    const result = plan('interface Node { value: number; next?: Node; visit?: () => void }\nexport function f(node: Node) { return node.value; }', 'f');
    assert.deepEqual(result, { kind: 'generated', params: [{ name: 'node', type: { kind: 'object', properties: [{ name: 'value', type: { kind: 'number' }, optional: false }] } }] });
  });

  it('needs the checker to generate, and says so without one', () => {
    const { targets } = targetsOf('export function f(xs: number[]) { return xs.length; }', { typed: false });
    assert.deepEqual(byName(targets, 'f').input.kind, 'unsupported');
  });
});

describe('@bench tag suggestions', () => {
  const apply = (text: string, name: string) => {
    const { targets, sourceFile, checker } = targetsOf(text);
    const edit = benchTagEdit(sourceFile, byName(targets, name), checker);
    assert.ok(edit);
    return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset);
  };

  it('adds a JSDoc above a function without one, with arguments guessed from the types', () => {
    assert.equal(apply('  export function f(xs: number[], done: () => void, size: number) {}\n', 'f'), '  /** @bench [randomInts(n), undefined, n] */\n  export function f(xs: number[], done: () => void, size: number) {}\n');
  });

  it('adds a line to a multi-line JSDoc and a tag to a one-line JSDoc', () => {
    assert.equal(apply('/**\n * Sums.\n */\nexport const f = (xs: string[]) => xs;\n', 'f'), '/**\n * Sums.\n * @bench [randomStrings(n)]\n */\nexport const f = (xs: string[]) => xs;\n');
    assert.equal(apply('/** Sums. */\nexport function f(on: boolean) { return on; }\n', 'f'), '/** Sums. @bench [true] */\nexport function f(on: boolean) { return on; }\n');
  });

  it('gives a suggested tag that parses back into a tag plan', () => {
    const text = apply('export function f(xs: number[], done: () => void) { done(); return xs; }\n', 'f');
    assert.equal(plan(text, 'f').kind, 'tag');
  });
});

describe('selections', () => {
  const module = 'import { join } from "node:path";\nconst base = [3, 1, 2];\nexport function work(limit: number): number {\n  const local = base.length + limit;\n  return local;\n}\nconsole.log([...base].sort().join(","));\nawait Promise.resolve(join("a", "b"));\n';
  const select = (text: string, typed = true) => {
    const { sourceFile, checker } = targetsOf(module);
    const start = module.indexOf(text);
    assert.ok(start >= 0);
    return selectionTarget(sourceFile, start, start + text.length, typed ? checker : undefined);
  };

  it('runs an expression for its value and statements as a function body', () => {
    const expression = select('[...base].sort().join(",")');
    assert.ok(expression.ok);
    assert.deepEqual(expression.target.access, { kind: 'selection', code: '[...base].sort().join(",")', expression: true, async: false });
    assert.equal(expression.target.name, 'selection (line 7)');
    const statements = select('console.log([...base].sort().join(","));\nawait Promise.resolve(join("a", "b"));');
    assert.ok(statements.ok);
    assert.deepEqual([statements.target.access.kind === 'selection' && statements.target.access.expression, statements.target.async, statements.target.name], [false, true, 'selection (lines 7–8)']);
  });

  it('refuses a selection that uses a local of its function, and half statements', () => {
    const local = select('base.length + limit');
    assert.deepEqual(local, { ok: false, reason: 'the selection uses `limit`, a local of the code around it: select code that uses only module-level names, or benchmark the function' });
    assert.ok(select('const local = base.length + limit;\n  return local;').ok === false, 'uses the parameter `limit`');
    assert.ok(select('return local;', false).ok, 'untyped, locals cannot be told apart');
    assert.equal(select('base.length + limit;\n  return').ok, false);
  });
});
