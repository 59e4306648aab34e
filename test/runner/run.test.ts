/**
 * The runner end to end: bundle, worker, measurement, and every hostile way a benchmark can end.
 * Budgets are short (timings are only compared with each other, never with absolute figures);
 * after each hostile case the next benchmark in the same process must still work.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { BenchRequest, BenchTarget, Phase } from '../../src/runner/protocol.ts';
import type { RunOptions } from '../../src/runner/run.ts';
import { BenchmarkError, BenchmarkQueue, runBenchmark } from '../../src/runner/run.ts';
import { selectionTarget } from '../../src/runner/selection.ts';
import { findBenchTargets } from '../../src/runner/targets.ts';
import { FIXTURES, fixtureTargets, program } from './helpers.ts';

const numbers = fixtureTargets('numbers.ts');
const hostile = fixtureTargets('hostile.ts');
const shapes = fixtureTargets('shapes.ts');
const fixture = (name: string) => path.join(FIXTURES, name);
const QUICK = { budgetMs: 150, timeLimitMs: 5000, root: path.join(__dirname, '..', '..') };

function target(targets: Map<string, BenchTarget>, name: string): BenchTarget {
  const found = targets.get(name);
  assert.ok(found, `fixture target ${name}`);
  return found;
}

function bench(file: string, targets: Map<string, BenchTarget>, name: string, extra: Partial<BenchRequest> = {}, options?: RunOptions) {
  return runBenchmark({ file: fixture(file), target: target(targets, name), ...QUICK, ...extra }, options);
}

async function failure(run: Promise<unknown>): Promise<BenchmarkError> {
  try {
    await run;
  } catch (error) {
    assert.ok(error instanceof BenchmarkError, `a BenchmarkError, got ${String(error)}`);
    return error;
  }
  assert.fail('the benchmark should have failed');
}

/** The benchmark after a failure: the runner is not left broken. */
async function stillWorks(): Promise<void> {
  const result = await bench('numbers.ts', numbers, 'sumNumbers');
  assert.ok(result.p50Ns > 0 && result.samples > 0);
}

describe('benchmarks that work', () => {
  it('measure sorting 10,000 numbers well above summing them, in fresh copies for the in-place sort', async () => {
    const sum = await bench('numbers.ts', numbers, 'sumTenThousand', { budgetMs: 300 });
    const sort = await bench('numbers.ts', numbers, 'sortTenThousand', { budgetMs: 300 });
    assert.ok(sort.p50Ns > 10 * sum.p50Ns, `sort ${sort.p50Ns} ns vs sum ${sum.p50Ns} ns`);
    assert.equal(sort.freshInputs, true, 'Array#sort sorts in place: each call needs unsorted numbers');
    assert.equal(sum.freshInputs, false);
    assert.ok(sum.batch > 1, 'a 10 µs call is batched');
    for (const result of [sum, sort]) {
      assert.ok(result.minNs <= result.p50Ns && result.p50Ns <= result.p75Ns && result.p75Ns <= result.p99Ns && result.p99Ns <= result.maxNs);
      assert.equal(result.n, 1000);
    }
  });

  it('runs generated inputs, non-exported functions, async functions, and forwards what the code prints', async () => {
    const printed: string[] = [];
    const phases: Phase[] = [];
    const noisy = await bench('numbers.ts', numbers, 'noisy', {}, { onOutput: (text) => printed.push(text), onPhase: (phase) => phases.push(phase) });
    assert.equal(noisy.name, 'noisy');
    assert.match(printed.join(''), /hello from noisy/);
    assert.deepEqual(phases.filter((phase, i) => phases.indexOf(phase) === i), ['bundle', 'load', 'inputs', 'calibrate', 'warmup', 'measure']);
    // Not exported: reaching it at all is the point (V8 may fold its body to a constant, so its time can be ~0).
    const hidden = await bench('numbers.ts', numbers, 'hidden');
    assert.ok(hidden.name === 'hidden' && hidden.samples > 0 && hidden.p50Ns >= 0);
    assert.ok((await bench('numbers.ts', numbers, 'later')).p50Ns > 0);
    assert.equal((await bench('numbers.ts', numbers, 'sumNumbers', { n: 50 })).n, 50);
  });

  it('runs methods, generators, the default export and CommonJS imports', async () => {
    for (const name of ['totalQuantity', 'describeInputs', 'viaCommonJs', 'Counter.create', 'Counter#increment', 'Window#fill', 'countTo', 'default']) {
      const result = await bench('shapes.ts', shapes, name, { n: 20 });
      assert.ok(result.samples > 0 && result.p50Ns >= 0, name);
    }
  });

  it('runs a selected expression in the scope of its module', async () => {
    const file = fixture('numbers.ts');
    const built = program([file]);
    const sourceFile = built.getSourceFile(file)!;
    const start = sourceFile.text.indexOf('sumNumbers([1, 2, 3])');
    const selected = selectionTarget(sourceFile, start, start + 'sumNumbers([1, 2, 3])'.length, built.getTypeChecker());
    assert.ok(selected.ok);
    const result = await runBenchmark({ file, target: selected.target, ...QUICK });
    assert.equal(result.name, 'selection (line 24)');
    assert.ok(result.samples > 0 && result.p50Ns >= 0, 'a three-number sum may fold to a constant');
  });

  it('bundles unsaved text, tsconfig paths, and CommonJS and ESM packages from node_modules', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-runner-'));
    after(() => fs.rmSync(root, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    };
    write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] } } }));
    write('node_modules/pad-cjs/package.json', JSON.stringify({ name: 'pad-cjs', main: 'index.js' }));
    write('node_modules/pad-cjs/index.js', 'module.exports = (text, width) => text.padStart(width);\n');
    write('node_modules/triple-esm/package.json', JSON.stringify({ name: 'triple-esm', type: 'module', exports: './index.js' }));
    write('node_modules/triple-esm/index.js', 'export const triple = (value) => value * 3;\n');
    write('src/lib/double.ts', 'export const double = (value: number): number => value * 2;\n');
    const main = path.join(root, 'src/main.ts');
    write('src/main.ts', "export function work(): string { return 'saved'; }\n");
    const unsaved = [
      "import { double } from '@lib/double';",
      "import pad from 'pad-cjs';",
      "import { triple } from 'triple-esm';",
      "export function work(): string { console.log('unsaved ' + pad(String(double(triple(2))), 4)); return 'x'; }",
    ].join('\n');
    const built = program([main], { [main]: unsaved });
    const [work] = findBenchTargets(built.getSourceFile(main)!, built.getTypeChecker());
    assert.ok(work);
    const printed: string[] = [];
    await runBenchmark({ file: main, text: unsaved, target: work, ...QUICK }, { onOutput: (text) => printed.push(text) });
    assert.match(printed.join(''), /unsaved   12/);
  });
});

describe('benchmarks that fail', () => {
  const cases: [name: string, kind: string, message: RegExp, extra?: Partial<BenchRequest>][] = [
    ['spin', 'timeout', /^`spin` did not finish within the 1\.5 s time limit .*: stopped at test\/runner\/fixtures\/hostile\.ts:8:/, { timeLimitMs: 1500 }],
    ['hog', 'memory', /^`hog` ran out of memory: the benchmark worker reached its 128 MB heap limit .*hostile\.ts:11:/, { memoryMb: 128 }],
    ['hogBuffers', 'memory', /^`hogBuffers` ran out of memory: the process grew by \d+ MB \(limit 256 MB\).*hostile\.ts:16:/, { memoryMb: 128 }],
    ['quit', 'exit', /^`quit` called process\.exit\(1\) at test\/runner\/fixtures\/hostile\.ts:22:\d+; the benchmark worker stopped$/],
    ['boom', 'throw', /^`boom` threw Error: boom from user code at test\/runner\/fixtures\/hostile\.ts:26:9$/],
    ['reject', 'rejection', /^`reject` returned a promise that rejected with Error: rejected in user code at test\/runner\/fixtures\/hostile\.ts:31:9$/],
    ['strayRejection', 'rejection', /^`strayRejection` left a rejected promise unhandled: Error: nobody awaits this at test\/runner\/fixtures\/hostile\.ts:35:/],
    ['throwsValue', 'throw', /^`throwsValue` threw "a bare string" at test\/runner\/fixtures\/hostile\.ts:39:/],
  ];
  for (const [name, kind, message, extra] of cases) {
    it(`${name}: ${kind}, pointing at the user's line, and the next benchmark works`, async () => {
      const error = await failure(bench('hostile.ts', hostile, name, extra));
      assert.equal(error.kind, kind);
      assert.match(error.message, message);
      assert.equal(error.location?.file, fixture('hostile.ts'));
      await stillWorks();
    });
  }

  it('reports a module whose top level throws, at that line', async () => {
    const loadThrows = fixtureTargets('load-throws.ts');
    const error = await failure(bench('load-throws.ts', loadThrows, 'ready'));
    assert.equal(error.kind, 'load');
    assert.match(error.message, /^Loading load-throws\.ts threw Error: module side effect failed at test\/runner\/fixtures\/load-throws\.ts:4:7$/);
    await stillWorks();
  });

  it('reports a syntax error in the unsaved text with its line', async () => {
    const text = fs.readFileSync(fixture('numbers.ts'), 'utf8').replace('let total = 0;', 'let total = ;');
    const error = await failure(bench('numbers.ts', numbers, 'noisy', { text }));
    assert.equal(error.kind, 'build');
    assert.match(error.message, /^Could not bundle numbers\.ts for `noisy`: Unexpected ";" at test\/runner\/fixtures\/numbers\.ts:4:15$/);
  });

  it('refuses a target whose inputs cannot be generated, without running anything', async () => {
    const unsupported: BenchTarget = { ...target(numbers, 'sumNumbers'), input: { kind: 'unsupported', reason: 'parameter `xs`: its type is `any`' } };
    const error = await failure(runBenchmark({ file: fixture('numbers.ts'), target: unsupported }));
    assert.equal(error.kind, 'unsupported');
    assert.match(error.message, /^Cannot generate the arguments of `sumNumbers`: parameter `xs`: its type is `any`\. Write them in a @bench tag/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const run = bench('hostile.ts', hostile, 'spin', { timeLimitMs: 20_000 }, { signal: controller.signal, onPhase: (phase) => phase === 'calibrate' && controller.abort() });
    const error = await failure(run);
    assert.equal(error.kind, 'cancelled');
    await stillWorks();
  });
});

describe('benchmark queue', () => {
  it('runs one benchmark at a time per file', async () => {
    const queue = new BenchmarkQueue();
    const events: string[] = [];
    const run = (name: string) => queue.run({ file: fixture('numbers.ts'), target: target(numbers, name), ...QUICK }, {
      onPhase: (phase) => phase === 'bundle' && events.push(`${name} start`),
    }).then(() => events.push(`${name} end`));
    const both = Promise.all([run('sumNumbers'), run('hidden')]);
    assert.equal(queue.busy(fixture('numbers.ts')), true);
    await both;
    assert.deepEqual(events, ['sumNumbers start', 'sumNumbers end', 'hidden start', 'hidden end']);
    assert.equal(queue.busy(fixture('numbers.ts')), false);
  });
});
