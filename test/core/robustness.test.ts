/**
 * Hostile input: thousands of truncated and mutated real files plus generated deep nesting go
 * through the analyzer with and without a checker. No rule may throw, and analysis time stays
 * within a generous multiple of the parse time of the same text (never an absolute budget: the
 * machine is shared). Mutations are seeded, so a failure names a reproducible input.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { parseSyntaxOnly } from '../../src/cli/programs.ts';
import { analyzeSourceFile, parse } from '../../src/core/engine.ts';
import { RULES } from '../../src/core/rules/index.ts';
import type { Finding, Rule } from '../../src/core/types.ts';
import { analyzableFiles, ROOT, seededRandom } from './harness.ts';

const MUTANTS_PER_FILE = 48;
/** Every n-th mutant also gets a checker (typed analysis is ~10× dearer to set up). */
const TYPED_EVERY = 4;
const DEEP = 2000;

interface Sample {
  name: string;
  text: string;
}

function sources(): Sample[] {
  return analyzableFiles('test/fixtures/rules', 'examples').map((file) => ({ name: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));
}

const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', '=>', '...', ',', ';', '`', '${', "'", '"', '/*', '//', '<div>', '</', '?.', '!', '?',
  'for (', 'for (const x of ', 'while (', 'await ', 'async ', 'function ', 'class ', 'yield ', 'new ', 'return ',
  'const ', 'let ', '.map(', '.filter(', '.includes(', '.shift()', 'Promise.all(', '[...', 'import(', 'export ',
];

/** Token boundaries of a text, from TypeScript's scanner (trivia included, so spans keep comments). */
function tokenStarts(text: string): number[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const starts: number[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken && starts.length < 20_000; token = scanner.scan()) {
    starts.push(scanner.getTokenFullStart());
  }
  starts.push(text.length);
  return starts;
}

function mutate(text: string, random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  let current = text;
  for (let round = 0, rounds = 1 + pick(3); round < rounds; round++) {
    const starts = tokenStarts(current);
    const span = (): [number, number] => {
      const from = pick(starts.length);
      const to = Math.min(starts.length - 1, from + 1 + pick(12));
      return [starts[from], starts[to]];
    };
    const [start, end] = span();
    switch (pick(5)) {
      case 0:
        current = current.slice(0, pick(current.length + 1));
        break;
      case 1:
        current = current.slice(0, start) + current.slice(end);
        break;
      case 2:
        current = current.slice(0, end) + current.slice(start, end) + current.slice(end);
        break;
      case 3: {
        const [a, b] = span();
        if (b <= start) current = current.slice(0, a) + current.slice(start, end) + current.slice(b, start) + current.slice(a, b) + current.slice(end);
        else if (a >= end) current = current.slice(0, start) + current.slice(a, b) + current.slice(end, a) + current.slice(start, end) + current.slice(b);
        break;
      }
      default:
        current = current.slice(0, start) + SNIPPETS[pick(SNIPPETS.length)] + current.slice(start);
    }
  }
  return current;
}

/** Generated nesting, DEEP levels where TypeScript's own recursive parser copes with that many. */
const DEEP_INPUTS: Record<string, (n: number) => string> = {
  'nested arrays': (n) => `const a = ${'['.repeat(n)}${']'.repeat(n)};`,
  'nested calls': (n) => `${'f('.repeat(n)}x${')'.repeat(n)};`,
  'nested arrow functions': (n) => `const g = ${'(x) => '.repeat(n)}x.map((y) => y);`,
  'nested for-of loops': (n) => `${'for (const a of xs) '.repeat(n)}ids.includes(a);`,
  'nested counting loops': (n) => `function f(q: number[]) {${'for (let i = 0; i < q.length; i++) {'.repeat(n)}q.shift();${'}'.repeat(n)}}`,
  'nested awaited queries': (n) => `async function h(ids: string[]) {${'for (const id of ids) {'.repeat(n)}await prisma.user.findUnique({ where: { id } });${'}'.repeat(n)}}`,
  'nested blocks': (n) => `${'{'.repeat(n)}x.indexOf(1);${'}'.repeat(n)}`,
  'long method chain': (n) => `const c = xs${'.filter(Boolean)'.repeat(n)}.length;`,
  'long member chain': (n) => `const m = a${'.b'.repeat(n)}.includes(x);`,
  'long binary chain': (n) => `const s = ${Array.from({ length: n }, (_, i) => `[...x${i % 7}]`).join(' + ')};`,
  'nested spreads': (n) => `let acc: number[] = []; for (const x of xs) { acc = ${'[...acc, '.repeat(n)}x${']'.repeat(n)}; }`,
};

/** The deepest version (≤ DEEP) of a generated input that TypeScript itself can parse. */
function deepestParsable(name: string, make: (n: number) => string): Sample {
  for (let n = DEEP; ; n = Math.floor(n / 2)) {
    const text = make(n);
    try {
      parse('deep.ts', text);
      return { name: `${name} ×${n}`, text };
    } catch (error) {
      // TypeScript's parser recurses per level and has no limit of its own: past the stack, so do we.
      if (!(error instanceof RangeError) || n < 50) throw error;
    }
  }
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], allowJs: true, checkJs: true, strict: true, noEmit: true,
  skipLibCheck: true, types: [], noResolve: true,
};
const libCache = new Map<string, ts.SourceFile>();

/** One program for many in-memory files, so the checker's setup (merging the lib's globals) is paid once. */
function typedProgram(files: Map<string, string>): ts.Program | undefined {
  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const readLib = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, version, true);
    let lib = libCache.get(name);
    if (!lib) {
      lib = readLib(name, version);
      if (lib) libCache.set(name, lib);
    }
    return lib;
  };
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  try {
    const program = ts.createProgram({ rootNames: [...files.keys()], options: COMPILER_OPTIONS, host });
    program.getTypeChecker();
    return program;
  } catch (error) {
    // The binder and checker recurse per nesting level too: such a file gets no checker (the CLI does the same).
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

interface Timing {
  name: string;
  parseMs: number;
  analyzeMs: number;
}

const now = () => performance.now();

/** Analyzes and times one tree; any rule error fails the test with the input's name. */
function analyzeTimed(name: string, sourceFile: ts.SourceFile, checker: ts.TypeChecker | undefined): { ms: number; findings: Finding[] } {
  const onRuleError = (rule: Rule, error: unknown) => {
    assert.fail(`rule ${rule.id} threw on ${name}${checker ? ' (typed)' : ''}: ${(error as Error)?.stack ?? String(error)}`);
  };
  const started = now();
  const findings = analyzeSourceFile(sourceFile, { checker, onRuleError });
  return { ms: now() - started, findings };
}

function parseMs(name: string, text: string): number {
  const started = now();
  parse(name, text);
  return now() - started;
}

/**
 * Analysis within 50× the parse time of the same text plus 50 ms, times `depthFactor` for generated
 * nesting: rules (like TypeScript's own name resolution) look at the ancestors of the nodes they
 * check, which is linear in nodes × depth. That is fine at real depths (tens) and still bounded at
 * 2,000; anything worse — a scan of the file per node, backtracking — fails. A slow outlier is
 * re-measured before it fails.
 */
function assertBounded(timings: Timing[], remeasure: (name: string) => Timing, depthFactor = 1): void {
  const bound = (t: Timing) => 50 * t.parseMs * depthFactor + 50;
  const over = timings.filter((t) => t.analyzeMs > bound(t)).map((t) => {
    const again = [remeasure(t.name), remeasure(t.name)].reduce((a, b) => (a.analyzeMs - bound(a) < b.analyzeMs - bound(b) ? a : b));
    return again.analyzeMs > bound(again) ? again : undefined;
  }).filter((t): t is Timing => t !== undefined);
  assert.deepEqual(over.map((t) => `${t.name}: analysis ${t.analyzeMs.toFixed(0)} ms > ${(50 * depthFactor).toFixed(0)} × parse ${t.parseMs.toFixed(1)} ms + 50 ms`), []);
}

describe('robustness', () => {
  const samples = sources();

  it('survives truncated and mutated files, with and without a checker, in bounded time', () => {
    const random = seededRandom(20_240_611);
    const mutants: Sample[] = [];
    for (const sample of samples) {
      for (let i = 0; i < MUTANTS_PER_FILE; i++) {
        const ext = path.extname(sample.name);
        mutants.push({ name: `${sample.name.slice(0, -ext.length)}.mutant${i}${ext}`, text: mutate(sample.text, random) });
      }
    }
    assert.ok(mutants.length >= 2000, `only ${mutants.length} mutants`);

    const syntaxTiming = (mutant: Sample): Timing => {
      const tree = parse(mutant.name, mutant.text);
      return { name: mutant.name, parseMs: parseMs(mutant.name, mutant.text), analyzeMs: analyzeTimed(mutant.name, tree, undefined).ms };
    };
    const byName = new Map(mutants.map((m) => [m.name, m]));
    assertBounded(mutants.map(syntaxTiming), (name) => syntaxTiming(byName.get(name) as Sample));

    const typed = mutants.filter((_, i) => i % TYPED_EVERY === 0);
    const timings: Timing[] = [];
    for (let i = 0; i < typed.length; i += 100) {
      const batch = typed.slice(i, i + 100);
      const program = typedProgram(new Map(batch.map((m) => [path.join(ROOT, m.name), m.text])));
      assert.ok(program, 'mutants of ordinary files always get a checker');
      const checker = program.getTypeChecker();
      for (const mutant of batch) {
        const sourceFile = program.getSourceFile(path.join(ROOT, mutant.name));
        assert.ok(sourceFile);
        timings.push({ name: mutant.name, parseMs: parseMs(mutant.name, mutant.text), analyzeMs: analyzeTimed(mutant.name, sourceFile, checker).ms });
      }
    }
    // Re-measuring a typed file would re-use the checker's caches: one try must pass.
    assertBounded(timings, (name) => timings.find((t) => t.name === name) as Timing);
  });

  it(`survives ${DEEP}-deep generated nesting, with and without a checker, in bounded time`, () => {
    const deep = Object.entries(DEEP_INPUTS).map(([name, make]) => deepestParsable(name, make));
    const timing = (sample: Sample, typed: boolean): Timing | undefined => {
      const fileName = path.join(ROOT, 'deep.ts');
      const program = typed ? typedProgram(new Map([[fileName, sample.text]])) : undefined;
      if (typed && !program) return undefined;
      const tree = program?.getSourceFile(fileName) ?? parse(fileName, sample.text);
      const { ms } = analyzeTimed(sample.name, tree, program?.getTypeChecker());
      return { name: `${sample.name}${typed ? ' (typed)' : ''}`, parseMs: parseMs(fileName, sample.text), analyzeMs: ms };
    };
    const timings = deep.flatMap((sample) => [timing(sample, false), timing(sample, true)]).filter((t): t is Timing => t !== undefined);
    assertBounded(timings, (name) => {
      const sample = deep.find((d) => name.startsWith(d.name)) as Sample;
      return timing(sample, name.endsWith('(typed)')) ?? { name, parseMs: Infinity, analyzeMs: 0 };
    }, DEEP / 100);
  });

  it('finds the same when every rule is called on every call and property access: `calls` and `properties` lose nothing', () => {
    const key = (f: Finding) => `${f.ruleId}@${f.start}-${f.end}: ${f.message}`;
    const everyName = RULES.map((rule): Rule => ({ ...rule, calls: undefined, properties: undefined }));
    assert.ok(RULES.filter((rule) => rule.calls || rule.properties).length >= 5);
    const program = typedProgram(new Map(samples.map((sample) => [path.join(ROOT, sample.name), sample.text])));
    assert.ok(program);
    let findings = 0;
    for (const sample of samples) {
      const typed = program.getSourceFile(path.join(ROOT, sample.name));
      assert.ok(typed);
      for (const [tree, checker] of [[parse(sample.name, sample.text), undefined], [typed, program.getTypeChecker()]] as const) {
        const named: string[] = analyzeSourceFile(tree, { checker }).map(key);
        assert.deepEqual(analyzeSourceFile(tree, { checker, rules: everyName }).map(key), named, sample.name);
        findings += named.length;
      }
    }
    assert.ok(findings > 500, `${findings} findings`);
  });

  it('finds and fixes the same in the CLI\'s lean tree: no JSDoc, parent pointers set by the engine', () => {
    const key = (f: Finding) => `${f.ruleId}@${f.start}-${f.end}: ${f.message} ${JSON.stringify(f.fixes)}`;
    for (const sample of samples) {
      const full = analyzeSourceFile(parse(sample.name, sample.text)).map(key);
      const lean = analyzeSourceFile(parseSyntaxOnly(sample.name, sample.text)).map(key);
      assert.deepEqual(lean, full, sample.name);
    }
  });
});
