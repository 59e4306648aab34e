/**
 * One measurement in a fresh process, for bench/runner.ts, which bundles this file and runs it with
 * plain `node` (no tsx, no TypeScript in the heap unless measuring ours):
 * `child.js <tool> <function> <worker> <reference.ts>` prints one JSON line `{ p50Ns, meanNs, … }`. Tools: `ours` (the runner, end to end:
 * bundle, worker, @bench tag), `mitata` (its `measure`, results kept with `do_not_optimize`),
 * `tinybench` (plain: default options, one call per sample), `e2e` (ours on `trivial`, timing
 * the request from call to result, twice: the first pays for loading esbuild and the worker).
 */
import fs from 'node:fs';
import * as reference from './reference.ts';

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** The reference call as a closure over its one argument: a spread call (`fn(...args)`) would add its own cost. */
function referenceCall(name: string): () => unknown {
  const fn = (reference as unknown as Record<string, (arg?: unknown) => unknown>)[name];
  const inputs = (reference.INPUTS as Record<string, () => unknown[]>)[name];
  if (!fn) throw new Error(`no reference function ${name}`);
  const [arg] = inputs ? inputs() : [];
  return () => fn(arg);
}

async function ours(name: string, workerFile: string, file: string): Promise<Record<string, number>> {
  // Loaded here only: the other tools' processes should not carry TypeScript in their heap.
  const { default: ts } = await import('typescript');
  const { findBenchTargets } = await import('../../src/runner/targets.ts');
  const { runBenchmark } = await import('../../src/runner/run.ts');
  const text = fs.readFileSync(file, 'utf8');
  const target = findBenchTargets(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)).find((found) => found.name === name);
  if (!target) throw new Error(`no target ${name}`);
  const start = performance.now();
  const result = await runBenchmark({ file, text, target }, { workerFile });
  const elapsedMs = performance.now() - start;
  return { p50Ns: result.p50Ns, meanNs: result.meanNs, samples: result.samples, batch: result.batch, baselineNs: result.baselineNs, gcNs: result.gcNs ?? 0, rme: result.rme, elapsedMs };
}

/**
 * mitata as the reference: `measure(() => fn(arg))`. The reference functions do work no engine may
 * drop (loops over memory, builtins, allocations). `keep` wraps the call in mitata's
 * `do_not_optimize`, which on V8 12 costs 8–20 ns per call here: it stops the 4× unrolled loop
 * from inlining the call and boxes number results.
 */
async function mitata(name: string, keep: boolean): Promise<Record<string, number>> {
  const { measure, do_not_optimize } = await import('mitata');
  const call = referenceCall(name);
  const stats = await measure(keep ? () => do_not_optimize(call()) : call);
  return { p50Ns: stats.p50, meanNs: stats.avg, samples: stats.samples.length };
}

/**
 * A neutral yardstick: mitata's own batching (4096 calls per sample below 65 µs a call) in a plain
 * loop, compiled as an ordinary function (`loop`) and as an async one (`async-loop`), like mitata's.
 * On Node 20 a short loop inlined into an async function can run slower than the same loop in an
 * ordinary one (fnv1a: ~23 ns against ~18 ns), so the pair shows how much of a gap to mitata is the
 * kind of function its loop is.
 */
async function plainLoop(name: string, async: boolean): Promise<Record<string, number>> {
  const call = referenceCall(name);
  const numbers = new Float64Array(1);
  const sink = { v: undefined as unknown };
  const loop = new Function('call', 'numbers', 'sink', 'now', `return ${async ? 'async ' : ''}function (count) {
    const t0 = now();
    for (let i = 0; i < count; i++) { const r = call(); if (typeof r === 'number') numbers[0] = r; else sink.v = r; }
    return now() - t0;
  };`)(call, numbers, sink, performance.now.bind(performance)) as (count: number) => number | Promise<number>;
  const once = await loop(1);
  const count = once * 1e6 < 65_536 ? 4096 : 1;
  const samples: number[] = [];
  for (const end = performance.now() + 200; performance.now() < end;) await loop(count);
  for (const end = performance.now() + 650; performance.now() < end || samples.length < 12;) samples.push(((await loop(count)) / count) * 1e6);
  samples.sort((a, b) => a - b);
  return { p50Ns: samples[samples.length >> 1] ?? NaN, samples: samples.length };
}

async function tinybench(name: string): Promise<Record<string, number>> {
  const { Bench } = await import('tinybench');
  const call = referenceCall(name);
  const bench = new Bench();
  bench.add(name, call);
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (!result || !('latency' in result)) throw new Error(`tinybench did not complete ${name}`);
  return { p50Ns: result.latency.p50 * 1e6, meanNs: result.latency.mean * 1e6, samples: result.latency.samplesCount };
}

async function main(): Promise<void> {
  const [tool, name = 'trivial', workerFile = '', file = ''] = process.argv.slice(2);
  if (tool === 'ours') print(await ours(name, workerFile, file));
  else if (tool === 'mitata') print(await mitata(name, false));
  else if (tool === 'mitata-dno') print(await mitata(name, true));
  else if (tool === 'tinybench') print(await tinybench(name));
  else if (tool === 'loop') print(await plainLoop(name, false));
  else if (tool === 'async-loop') print(await plainLoop(name, true));
  else if (tool === 'e2e') {
    const first = await ours('trivial', workerFile, file);
    const second = await ours('trivial', workerFile, file);
    print({ firstMs: first.elapsedMs, secondMs: second.elapsedMs });
  } else throw new Error(`unknown tool ${tool}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
